// The values of accounts and provider feeds that the AccountStore port reads and writes
// (sync/core/account_store.hpp): accounts, what each provider holds, feed batches, and
// the rows provisioning and scopes are made from. Values only: the pure feed rules
// (decision, scope, views) take them without knowing any store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sync/core/store.hpp"

namespace aafd::sync {

struct Account {
    std::int64_t object = 0;
    std::string login;
    std::string activation_code;
    std::string code_drawn_at; // ISO timestamp
    std::string created_at;    // ISO timestamp
};

// A person as a feed line shows it: the stored object and its account (none before
// provisioning).
struct PersonRow {
    StoredObject object;
    std::optional<Account> account;
};

enum class MemberState { Active, Deactivated, Deleted };
std::string_view member_state_name(MemberState state);     // "active", "deactivated", "deleted"
MemberState member_state_from_name(std::string_view name); // Deleted when unknown

// One account a provider holds (or held: Deleted), and when it received it.
struct Membership {
    std::string provider;
    std::int64_t object = 0;
    MemberState state = MemberState::Active;
    std::int64_t first_seq = 0;
    std::string first_at;
    std::int64_t last_seq = 0;
    std::string last_op;
    std::string last_at;
};

enum class FeedBatchKind { Changes, Snapshot, Final };
std::string_view feed_batch_kind_name(FeedBatchKind kind);      // "changes", "snapshot", "final"
FeedBatchKind feed_batch_kind_from_name(std::string_view name); // Changes when unknown

struct FeedBatch {
    std::int64_t id = 0;
    std::string provider;
    FeedBatchKind kind = FeedBatchKind::Changes;
    std::int64_t first_seq = 0; // journal range (first_seq, last_seq]
    std::int64_t last_seq = 0;
    std::string file; // the built file, in the provider's staging folder
    std::string sha256;
    std::uint64_t lines = 0;
    std::string built_at;
    std::string delivered_at; // empty while pending
};

// A person to provision: an active person object without an account.
struct Unprovisioned {
    std::int64_t object = 0;
    ObjectKey key;
    std::string first_name;
    std::string last_name;
};

// A structure of the store with its UAI.
struct StructureRow {
    std::int64_t object = 0;
    std::string source;
    std::string id; // ENTStructureJointure: what people's links name
    std::string uai;
    std::string label;
};

// A pupil whose Relative link names a relative, with the link's legal code (1 legal
// representative, 2 person in charge) and the pupil's login.
struct LinkedPupil {
    std::int64_t object = 0;
    std::string id;
    std::string legal;
    std::string login; // empty without an account
};

} // namespace aafd::sync
