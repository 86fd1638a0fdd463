// The lifecycle table of a provider's accounts (docs/feed.md, "Operations").
#include "sync/feed/decision.hpp"

namespace aafd::sync {
namespace {

FeedDecision remove(const std::string& reason) {
    return {FeedOp::Delete, reason, MemberState::Deleted};
}

FeedDecision when_in_scope(bool holds, std::optional<MemberState> member, State state,
                           bool changed) {
    if (state == State::Disappeared) {
        if (member == MemberState::Active)
            return {FeedOp::Deactivate, "disappeared", MemberState::Deactivated};
        return {};
    }
    if (!holds)
        return {FeedOp::Create, "", MemberState::Active};
    if (member == MemberState::Deactivated || changed)
        return {FeedOp::Update, "", MemberState::Active};
    return {};
}

} // namespace

FeedDecision decide_feed_op(std::optional<MemberState> member, bool in_scope,
                            std::optional<State> object_state, bool changed) {
    bool holds = member && *member != MemberState::Deleted;
    if (!object_state || *object_state == State::Deleted)
        return holds ? remove("deleted") : FeedDecision{};
    if (!in_scope)
        return holds ? remove("out_of_scope") : FeedDecision{};
    return when_in_scope(holds, member, *object_state, changed);
}

FeedDecision decide_convention_end(std::optional<MemberState> member) {
    bool holds = member && *member != MemberState::Deleted;
    return holds ? remove("convention_ended") : FeedDecision{};
}

} // namespace aafd::sync
