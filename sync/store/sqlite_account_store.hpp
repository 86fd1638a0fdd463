// The AccountStore port (sync/core/account_store.hpp) on the store's SQLite file: the
// tables of migration 4 (sync/store/accounts_schema.hpp), and the object, reference and
// journal tables that SqliteStore writes. On a connection of its own; its journal rows
// and object deletions go through the statements SqliteStore uses too
// (sync/store/object_writes.hpp), inside this connection's transactions, so that a feed's
// batch, memberships and Mark entry commit together. The store must have been opened (and
// migrated) by open_sqlite_store; ":memory:" therefore has no accounts tables.
// REQUIRES: one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "sync/core/account_store.hpp"
#include "sync/store/sqlite.hpp"
#include "sync/store/statement_cache.hpp"

namespace aafd::sync {

class SqliteAccountStore final : public AccountStore {
public:
    static Result<std::unique_ptr<SqliteAccountStore>> open(const std::string& path,
                                                            bool read_only = false);
    explicit SqliteAccountStore(Database db) : m_db(std::move(db)), m_statements(m_db) {}

    Result<void> begin() override; // BEGIN IMMEDIATE
    Result<void> commit() override;
    void rollback() noexcept override;

    Result<std::vector<Unprovisioned>> unprovisioned_people() override;
    Result<bool> login_taken(const std::string& login) override;
    Result<void> insert_accounts(std::span<const Account> accounts) override;
    Result<std::optional<Account>> account(std::int64_t object) override;
    Result<std::optional<std::string>> login_of(const ObjectKey& key) override;
    Result<void> set_activation_code(std::int64_t object, const std::string& code,
                                     const std::string& at) override;
    Result<std::uint64_t> count_accounts() override;

    Result<std::optional<StoredObject>> object(std::int64_t rowid) override;
    Result<std::optional<State>> object_state(std::int64_t rowid) override;
    Result<void> for_each_state(std::span<const std::int64_t> rowids,
                                const StateVisitor& visit) override;
    Result<std::vector<StoredObject>> objects_with_id(const std::string& source, Category category,
                                                      const std::string& id) override;
    Result<void> for_each_person(std::span<const std::int64_t> rowids,
                                 const PersonVisitor& visit) override;
    Result<std::vector<StructureRow>>
    structures_with_uai(const std::vector<std::string>& uais) override;
    Result<std::vector<StructureRow>> structures_of(const std::string& source) override;
    Result<std::vector<std::pair<std::int64_t, Category>>>
    attached_to(const std::string& source, const std::string& structure_id) override;
    Result<std::vector<LinkedPupil>> active_pupils_with_id(const std::string& source,
                                                           const std::string& id) override;
    Result<std::vector<LinkedPupil>> pupils_of_relative(const std::string& source,
                                                        const std::string& id) override;
    Result<std::vector<std::int64_t>> relatives_through_pupils(const std::string& source,
                                                               const std::string& structure_id,
                                                               bool persons_in_charge) override;

    Result<std::int64_t> last_journal_seq() override;
    Result<std::vector<JournalEntry>> journal_of(std::int64_t object) override;
    Result<std::int64_t> append_journal(const StoredObject& object, JournalOp op,
                                        const std::vector<std::string>& fields,
                                        const std::string& at) override;
    Result<std::int64_t> append_mark(const std::string& provider, const std::string& at) override;
    Result<void> for_each_journal(std::int64_t after, std::int64_t upto,
                                  const JournalVisitor& visit) override;

    Result<std::int64_t> cursor(const std::string& provider) override;
    Result<void> set_cursor(const std::string& provider, std::int64_t cursor) override;
    Result<std::optional<std::string>> closed_at(const std::string& provider) override;
    Result<void> set_closed(const std::string& provider, const std::string& at) override;
    Result<std::unordered_map<std::int64_t, MemberState>>
    members(const std::string& provider) override;
    Result<void> record_member(const Membership& membership) override;
    Result<std::vector<Membership>> memberships_of(std::int64_t object) override;
    Result<std::int64_t> insert_batch(const FeedBatch& batch) override;
    Result<std::vector<FeedBatch>> pending_batches(const std::string& provider) override;
    Result<std::optional<FeedBatch>> last_batch(const std::string& provider) override;
    Result<void> mark_delivered(std::int64_t batch, const std::string& at) override;

    Result<std::vector<ObjectKey>> purge_deleted(const std::string& cutoff) override;

private:
    Database m_db;
    StatementCache m_statements; // of m_db
};

} // namespace aafd::sync
