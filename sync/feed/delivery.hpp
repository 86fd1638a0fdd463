// Delivering a provider's built batches, oldest first: each file is checked against the
// SHA-256 recorded when it was built, copied atomically into the outbox and/or pushed
// by SFTP, and only then marked delivered, advancing the provider's cursor. A crash in
// between delivers the very same file again at the next run.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sync/core/account_store.hpp"
#include "sync/feed/push.hpp"

namespace aafd::sync {

// Applies a built batch's content somewhere else than a file (an LDAP directory,
// sync/ldap); succeeds only once the far side confirmed every change.
using BatchApplier = std::function<Result<void>(const FeedBatch&, const std::string& content)>;

struct FeedDestination {
    std::filesystem::path outbox;   // empty: no outbox
    std::optional<PushTarget> push; // nullopt: no SFTP push
    BatchApplier apply;             // empty: none
};

// Called before a batch leaves (the audit record); a failure stops the delivery.
using BeforeDelivery = std::function<Result<void>(const FeedBatch&)>;

// Puts one built batch at its destinations. Does not touch the store.
Result<void> send_batch(const FeedBatch& batch, const FeedDestination& destination);

// Marks a sent batch delivered and advances the provider's cursor, in one transaction;
// removes its staging file afterwards.
Result<void> confirm_delivered(AccountStore& store, const FeedBatch& batch, const std::string& now);

// Sends and confirms every pending batch of `provider`, in order; stops at the first
// failure (the batches before it stay delivered).
Result<std::vector<FeedBatch>> deliver_pending(AccountStore& store, const std::string& provider,
                                               const FeedDestination& destination,
                                               const BeforeDelivery& before,
                                               const std::string& now);

} // namespace aafd::sync
