// What a provider's feed says about one person, decided from what the provider holds
// (its membership), whether the person is in its scope, the person's state, and
// whether the person changed since the last batch. Pure.
#pragma once

#include <optional>
#include <string>

#include "sync/core/account_rows.hpp"
#include "sync/core/store.hpp"
#include "sync/feed/feed_line.hpp"

namespace aafd::sync {

struct FeedDecision {
    std::optional<FeedOp> op;          // nullopt: nothing to send
    std::string reason;                // for deactivate and delete
    std::optional<MemberState> member; // the provider's membership after the line
};

// `member`: nullopt when the provider never held the account (or no longer does:
// Deleted is treated the same). `object_state`: nullopt when the object was purged.
FeedDecision decide_feed_op(std::optional<MemberState> member, bool in_scope,
                            std::optional<State> object_state, bool changed);

// At the end of a convention's retention: every account the provider holds is deleted.
FeedDecision decide_convention_end(std::optional<MemberState> member);

} // namespace aafd::sync
