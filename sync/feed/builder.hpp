// Builds a provider's pending feed batches: from the change journal since its last
// batch, the store's current state and the provider's scope, the lines its accounts
// need (sync/feed/decision.hpp), split into batches at sequence boundaries, each
// written atomically into the provider's staging folder and recorded, with the
// provider's new memberships, in one transaction. A built batch never changes: a
// crash before its delivery delivers the same file again.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sync/core/account_store.hpp"
#include "sync/feed/format.hpp"
#include "sync/feed/ldif_format.hpp"
#include "sync/feed/profiles.hpp"

namespace aafd::sync {

// A [[provider]] as the builder needs it. No defaults here: config::Provider declares
// them (format, batch_max_lines) and daemon/ copies them (daemon/feed_settings.cpp).
struct FeedProvider {
    std::string name;
    std::vector<std::string> schools; // UAIs
    FeedFormat format{};
    FeedFields fields;
    std::size_t batch_max_lines{};
    std::size_t aaf_chunk_records{}; // format aaf: records a file holds at most
    bool aaf_deltas = false;         // format aaf: Delta sets between full sets
    unsigned aaf_full_every{};       // format aaf with deltas: one set in this many is full
    bool persons_in_charge = false;
    ProfileTable profiles;
    std::filesystem::path staging; // where built batches wait for delivery
    LdifLayout ldif;               // FeedFormat::Ldif only: where the entries go
};

enum class BuildMode {
    Changes,       // what changed since the last batch
    Snapshot,      // every account in scope, for a (re)start; forgets older memberships
    ConventionEnd, // the final batch: every account the provider holds is deleted
};

struct BuildReport {
    std::vector<FeedBatch> batches;
    std::uint64_t lines = 0;
};

// `now`: ISO timestamp. ErrorCode::Config when a snapshot is asked while batches are
// still pending (deliver them first).
Result<BuildReport> build_feed(AccountStore& store, const FeedProvider& provider, BuildMode mode,
                               const std::string& now);

// What build_feed(mode) would build now, read without writing anything.
struct FeedPreview {
    std::map<FeedOp, std::uint64_t> operations; // lines per operation
    std::uint64_t lines = 0;
    std::int64_t from = 0, upto = 0; // the journal range the batch would cover
    std::size_t people_in_scope = 0; // what a set format's folder would hold
    std::size_t schools_in_scope = 0;
    std::vector<FeedLine> first; // the first `max_lines` lines, in the batch's order
};

// Every person the lines name must have an account: provision them first in a
// transaction the caller rolls back (provision_missing), so that nothing is left.
Result<FeedPreview> preview_feed(AccountStore& store, const FeedProvider& provider, BuildMode mode,
                                 std::size_t max_lines);

// Every account the provider holds as active and that is in its scope, as the create line
// a first load would send, in rowid order: what its directory should hold
// (`aafd feed reconcile`). Reads only.
Result<std::vector<FeedLine>> held_accounts(AccountStore& store, const FeedProvider& provider);

} // namespace aafd::sync
