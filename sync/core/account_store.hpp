// The port of accounts and provider feeds: accounts, the members each provider holds,
// built and delivered feed batches, the providers' cursors; plus the reads of objects,
// links and the journal that provisioning, scopes and feeds need, and the journal rows
// they add. The feed room (sync/feed/) knows only this interface; SQLite implements it
// (sync/store/sqlite_account_store.hpp) and the command line hands that over. The
// contract suite tests/sync/store/test_account_store_contract.cpp runs on it.
// Writes between begin() and commit() commit together, or none of them (rollback()).
// REQUIRES: one thread at a time per AccountStore object.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sync/core/account_rows.hpp"
#include "sync/core/store.hpp"

namespace aafd::sync {

class AccountStore {
public:
    virtual ~AccountStore() = default;

    virtual Result<void> begin() = 0; // one writer at a time
    virtual Result<void> commit() = 0;
    virtual void rollback() noexcept = 0;

    // Accounts.
    virtual Result<std::vector<Unprovisioned>> unprovisioned_people() = 0;
    virtual Result<bool> login_taken(const std::string& login) = 0;
    // Accounts written together, a few hundred to an INSERT.
    virtual Result<void> insert_accounts(std::span<const Account> accounts) = 0;
    Result<void> insert_account(const Account& account) { return insert_accounts({&account, 1}); }
    virtual Result<std::optional<Account>> account(std::int64_t object) = 0;
    virtual Result<std::optional<std::string>> login_of(const ObjectKey& key) = 0;
    virtual Result<void> set_activation_code(std::int64_t object, const std::string& code,
                                             const std::string& at) = 0;
    virtual Result<std::uint64_t> count_accounts() = 0;

    // Objects and links.
    virtual Result<std::optional<StoredObject>> object(std::int64_t rowid) = 0;
    // The object's state; nullopt when it is not in the store (purged).
    virtual Result<std::optional<State>> object_state(std::int64_t rowid) = 0;
    // The states of `rowids` (ascending), as object_state, read by one forward walk.
    using StateVisitor =
        std::function<Result<void>(std::int64_t rowid, std::optional<State> state)>;
    virtual Result<void> for_each_state(std::span<const std::int64_t> rowids,
                                        const StateVisitor& visit) = 0;
    virtual Result<std::vector<StoredObject>>
    objects_with_id(const std::string& source, Category category, const std::string& id) = 0;
    // The objects of `rowids` with their accounts, visited in the order given (nullopt:
    // not in the store), one at a time: a cursor walks the object table forwards, so
    // ascending rowids near one another cost a step each, not a look-up. Stops at the
    // first error `visit` returns.
    using PersonVisitor =
        std::function<Result<void>(std::int64_t rowid, const std::optional<PersonRow>& person)>;
    virtual Result<void> for_each_person(std::span<const std::int64_t> rowids,
                                         const PersonVisitor& visit) = 0;
    // Structures not deleted, in store order.
    virtual Result<std::vector<StructureRow>>
    structures_with_uai(const std::vector<std::string>& uais) = 0;
    virtual Result<std::vector<StructureRow>> structures_of(const std::string& source) = 0;
    // People (rowid, category) attached to a structure in any way.
    virtual Result<std::vector<std::pair<std::int64_t, Category>>>
    attached_to(const std::string& source, const std::string& structure_id) = 0;
    // The active pupils (1D or 2D) of `source` whose id is `id`, with their logins (legal
    // left empty): the children a 1D relative lists, without reading their attributes.
    virtual Result<std::vector<LinkedPupil>> active_pupils_with_id(const std::string& source,
                                                                   const std::string& id) = 0;
    // Active pupils whose Relative link names the relative `id` of `source`.
    virtual Result<std::vector<LinkedPupil>> pupils_of_relative(const std::string& source,
                                                                const std::string& id) = 0;
    // Relatives (rowids) linked to the pupils (not deleted) attached to a structure: legal
    // representatives, and persons in charge when `persons_in_charge`.
    virtual Result<std::vector<std::int64_t>>
    relatives_through_pupils(const std::string& source, const std::string& structure_id,
                             bool persons_in_charge) = 0;

    // The journal.
    virtual Result<std::int64_t> last_journal_seq() = 0; // 0 when empty
    // The journal entries of one object, oldest first.
    virtual Result<std::vector<JournalEntry>> journal_of(std::int64_t object) = 0;
    // An entry of no set; returns its seq.
    virtual Result<std::int64_t> append_journal(const StoredObject& object, JournalOp op,
                                                const std::vector<std::string>& fields,
                                                const std::string& at) = 0;
    // A Mark entry for `provider`'s feed; returns its seq.
    virtual Result<std::int64_t> append_mark(const std::string& provider,
                                             const std::string& at) = 0;
    // `fields`: the JSON list as stored.
    using JournalVisitor = std::function<void(std::int64_t seq, std::int64_t object,
                                              const std::string& op, const std::string& fields)>;
    // The entries in (after, upto], in order.
    virtual Result<void> for_each_journal(std::int64_t after, std::int64_t upto,
                                          const JournalVisitor& visit) = 0;

    // Providers.
    virtual Result<std::int64_t> cursor(const std::string& provider) = 0; // 0 at first
    virtual Result<void> set_cursor(const std::string& provider, std::int64_t cursor) = 0;
    virtual Result<std::optional<std::string>> closed_at(const std::string& provider) = 0;
    virtual Result<void> set_closed(const std::string& provider, const std::string& at) = 0;
    virtual Result<std::unordered_map<std::int64_t, MemberState>>
    members(const std::string& provider) = 0;
    // Inserts or updates (provider, object); a Deleted membership starts again at first_seq.
    virtual Result<void> record_member(const Membership& membership) = 0;
    virtual Result<std::vector<Membership>> memberships_of(std::int64_t object) = 0;
    virtual Result<std::int64_t> insert_batch(const FeedBatch& batch) = 0; // returns its id
    virtual Result<std::vector<FeedBatch>> pending_batches(const std::string& provider) = 0;
    virtual Result<std::optional<FeedBatch>> last_batch(const std::string& provider) = 0;
    virtual Result<void> mark_delivered(std::int64_t batch, const std::string& at) = 0;

    // Purge: deleted people whose deletion every provider has received, deleted before
    // `cutoff` (ISO date); removes their objects, links, accounts and memberships.
    virtual Result<std::vector<ObjectKey>> purge_deleted(const std::string& cutoff) = 0;
};

// The object of `rowid` for a caller that holds its id from the store: Internal ("object N
// vanished") when it is not there.
Result<StoredObject> existing_object(AccountStore& store, std::int64_t rowid);

} // namespace aafd::sync
