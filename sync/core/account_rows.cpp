// Names of the account and feed enumerations, as the store writes them.
#include "sync/core/account_rows.hpp"

#include <array>

namespace aafd::sync {
namespace {

constexpr std::array<std::string_view, 3> k_member_states{"active", "deactivated", "deleted"};
constexpr std::array<std::string_view, 3> k_batch_kinds{"changes", "snapshot", "final"};

} // namespace

std::string_view member_state_name(MemberState state) {
    return k_member_states[static_cast<std::size_t>(state)];
}

MemberState member_state_from_name(std::string_view name) {
    for (std::size_t i = 0; i < k_member_states.size(); ++i)
        if (k_member_states[i] == name)
            return static_cast<MemberState>(i);
    return MemberState::Deleted;
}

std::string_view feed_batch_kind_name(FeedBatchKind kind) {
    return k_batch_kinds[static_cast<std::size_t>(kind)];
}

FeedBatchKind feed_batch_kind_from_name(std::string_view name) {
    for (std::size_t i = 0; i < k_batch_kinds.size(); ++i)
        if (k_batch_kinds[i] == name)
            return static_cast<FeedBatchKind>(i);
    return FeedBatchKind::Changes;
}

} // namespace aafd::sync
