// The SQLite side of accounts and provider feeds (tables of migration 4, see
// sync/store/accounts_schema.hpp), on its own connection to the store file: accounts, the
// members each provider holds, built and delivered feed batches, the providers'
// cursors; plus the reads of objects, links and the journal that provisioning, scope
// and feeds need. The store must have been opened (and migrated) by open_sqlite_store.
// REQUIRES: one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sync/core/store.hpp"
#include "sync/store/sqlite.hpp"

namespace aafd::sync {

struct Account {
    std::int64_t object = 0;
    std::string login;
    std::string activation_code;
    std::string code_drawn_at; // ISO timestamp
    std::string created_at;    // ISO timestamp
};

enum class MemberState { Active, Deactivated, Deleted };
std::string_view member_state_name(MemberState state); // "active", "deactivated", "deleted"

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
std::string_view feed_batch_kind_name(FeedBatchKind kind); // "changes", "snapshot", "final"

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

class AccountStore {
public:
    static Result<AccountStore> open(const std::string& path, bool read_only = false);

    Result<void> begin(); // BEGIN IMMEDIATE
    Result<void> commit();
    void rollback() noexcept;

    // Accounts.
    Result<std::vector<Unprovisioned>> unprovisioned_people();
    Result<bool> login_taken(const std::string& login);
    Result<void> insert_account(const Account& account);
    Result<std::optional<Account>> account(std::int64_t object);
    Result<std::optional<std::string>> login_of(const ObjectKey& key);
    Result<void> set_activation_code(std::int64_t object, const std::string& code,
                                     const std::string& at);
    Result<std::uint64_t> count_accounts();

    // Objects, links and the journal.
    Result<std::optional<StoredObject>> object(std::int64_t rowid);
    // The object's state; nullopt when it is not in the store (purged).
    Result<std::optional<State>> object_state(std::int64_t rowid);
    Result<std::vector<StoredObject>> objects_with_id(const std::string& source, Category category,
                                                      const std::string& id);
    Result<std::vector<StructureRow>> structures_with_uai(const std::vector<std::string>& uais);
    Result<std::vector<StructureRow>> structures_of(const std::string& source);
    // People (rowid, category) attached to a structure in any way.
    Result<std::vector<std::pair<std::int64_t, Category>>>
    attached_to(const std::string& source, const std::string& structure_id);
    // Pupils whose Relative link names the relative `id` of `source`, with the link's
    // legal code (1 legal representative, 2 person in charge) and their login.
    struct LinkedPupil {
        std::int64_t object = 0;
        std::string id;
        std::string legal;
        std::string login; // empty without an account
    };
    Result<std::vector<LinkedPupil>> pupils_of_relative(const std::string& source,
                                                        const std::string& id);
    // Relatives (rowids) linked to the pupils attached to a structure: legal
    // representatives, and persons in charge when `persons_in_charge`.
    Result<std::vector<std::int64_t>> relatives_through_pupils(const std::string& source,
                                                               const std::string& structure_id,
                                                               bool persons_in_charge);
    Result<std::int64_t> last_journal_seq();
    // The journal entries of one object, oldest first (fields: the JSON list as stored).
    Result<std::vector<JournalEntry>> journal_of(std::int64_t object);
    Result<std::int64_t> append_journal(const StoredObject& object, JournalOp op,
                                        const std::vector<std::string>& fields,
                                        const std::string& at);
    // A Mark entry for `provider`'s feed; returns its seq.
    Result<std::int64_t> append_mark(const std::string& provider, const std::string& at);
    using JournalVisitor = std::function<void(std::int64_t seq, std::int64_t object,
                                              const std::string& op, const std::string& fields)>;
    Result<void> for_each_journal(std::int64_t after, std::int64_t upto,
                                  const JournalVisitor& visit);

    // Providers.
    Result<std::int64_t> cursor(const std::string& provider);
    Result<void> set_cursor(const std::string& provider, std::int64_t cursor);
    Result<std::optional<std::string>> closed_at(const std::string& provider);
    Result<void> set_closed(const std::string& provider, const std::string& at);
    Result<std::unordered_map<std::int64_t, MemberState>> members(const std::string& provider);
    Result<void> record_member(const Membership& membership);
    Result<std::vector<Membership>> memberships_of(std::int64_t object);
    Result<std::int64_t> insert_batch(const FeedBatch& batch);
    Result<std::vector<FeedBatch>> pending_batches(const std::string& provider);
    Result<std::optional<FeedBatch>> last_batch(const std::string& provider);
    Result<void> mark_delivered(std::int64_t batch, const std::string& at);

    // Purge: deleted people whose deletion every provider has received, deleted before
    // `cutoff` (ISO date); removes their objects, links, accounts and memberships.
    Result<std::vector<ObjectKey>> purge_deleted(const std::string& cutoff);

private:
    explicit AccountStore(Database db) : m_db(std::move(db)) {}
    Database m_db;
};

} // namespace aafd::sync
