// The class behind open_sqlite_store, private to the store room: its declaration here, its
// methods in one file per job (sqlite_store.cpp: opening and transactions;
// sqlite_store_bulk_load.cpp: kept rows, rowids, deferred indexes and the journal mode of a
// first set; sqlite_store_objects.cpp: look-ups and writes of objects, links and the
// journal; sqlite_store_sets.cpp: the applied-set history; sqlite_store_queries.cpp: reads
// for maintenance, commands and checks).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/core/store.hpp"
#include "sync/store/batched_insert.hpp"
#include "sync/store/inserted_keys.hpp"
#include "sync/store/sqlite.hpp"
#include "sync/store/sqlite_store.hpp"

namespace aafd::sync {

// The error of `result`, as the unexpected value of a Result of another type.
template <class T>
std::unexpected<Error> failed(const Result<T>& result) {
    return std::unexpected(result.error());
}

class SqliteStore final : public Store {
public:
    SqliteStore(Database db, const SqliteOptions& options)
        : m_db(std::move(db)), m_read_only(options.read_only),
          m_defer_indexes(options.defer_indexes),
          m_rollback_journal_from_bytes(options.rollback_journal_from_bytes),
          m_busy_timeout_ms(options.busy_timeout_ms) {}
    // Lets SQLite refresh the statistics its query planner needs, as it recommends;
    // analysis_limit keeps that to a sample, not a scan of millions of rows.
    ~SqliteStore() override {
        if (m_read_only)
            return;
        restore_wal();
        (void)m_db.exec("PRAGMA analysis_limit = 400; PRAGMA optimize");
    }

    Result<void> prepare_statements();
    Result<void> prepare_batches();

    Result<void> begin() override;
    Result<void> commit() override;
    void rollback() noexcept override {
        end_transaction();
        (void)m_db.exec("ROLLBACK");
        restore_wal();
    }
    Result<SetWriting> begin_for_set(const std::string& source, Flow flow,
                                     std::uint64_t bytes) override;

    Result<std::optional<StoredDigest>> find(const ObjectKey& key) override;
    Result<Attributes> load_attributes(std::int64_t rowid) override;
    Result<std::int64_t> insert_object(const ObjectKey& key, const ObjectWrite& write) override;
    Result<void> update_object(std::int64_t rowid, const ObjectWrite& write) override;
    Result<void> set_state(std::int64_t rowid, State state, const std::string& since) override;
    Result<void> append_journal(const JournalEntry& entry) override;
    Result<void> for_each_in_state(const std::string& source, Flow flow, Category category,
                                   State state, const ObjectVisitor& visit) override;
    Result<std::uint64_t> count_in_state(const std::string& source, Flow flow, Category category,
                                         State state, std::uint64_t at_most) override;
    Result<std::int64_t> begin_set(const AppliedSet& set) override;
    Result<void> finish_set(const AppliedSet& set) override;
    Result<std::optional<AppliedSet>> last_set(const std::string& source, Flow flow,
                                               SetKind kind) override;
    Result<std::vector<AppliedSet>> sets_on(const std::string& source, Flow flow, SetKind kind,
                                            Date date) override;
    Result<std::vector<AppliedSet>> list_sets(std::size_t limit) override;
    Result<AppliedSet> retract_set(std::int64_t id, const std::string& at) override;
    Result<std::vector<StoredObject>>
    find_objects(const std::string& source, const std::string& id,
                 const std::vector<Category>& categories) override;
    Result<std::vector<StoredObject>> find_structures_by_uai(const std::string& uai) override;
    Result<std::vector<Referrer>> referrers(const std::string& source, LinkKind kind,
                                            const std::string& target) override;
    Result<StateCounts> count_objects() override;
    Result<std::map<std::string, std::uint64_t>> count_dangling(std::int64_t set_id) override;
    Result<std::vector<std::pair<std::int64_t, ObjectKey>>>
    disappeared_before(const std::string& cutoff) override;
    Result<std::vector<JournalEntry>> journal_after(std::int64_t after, std::size_t limit) override;

private:
    // A (source, flow, category) the open transaction has looked up. `fresh`: it held no
    // object then, so only the ids inserted since (in `inserted`) can be found in it.
    struct Group {
        std::string source;
        Flow flow;
        Category category;
        bool fresh = false;
        InsertedKeys inserted;
    };
    // A large set into a (source, flow) that held nothing: the indexes that rows in random
    // key order would make it write page by page are dropped, and created again (sorted
    // once) before anything reads them and before the commit. DDL is transactional: a
    // rollback, or a kill, brings them back.
    struct Deferral {
        std::string source;
        Flow flow;
        std::vector<std::string> create_sql; // of the dropped indexes
    };
    // What a (source, flow) held when a transaction began.
    struct FlowStart {
        bool empty = false;
        std::int64_t largest_rowid = 0; // of all objects
    };
    // The first set of a (source, flow), in its transaction: every object it writes is new,
    // with a rowid above those stored before it. `set_id`: once begin_set has recorded it.
    struct FreshFlow {
        std::string source;
        Flow flow;
        std::int64_t first_rowid = 0;
        std::int64_t set_id = 0;
    };
    void end_transaction() noexcept {
        m_groups.clear();
        m_deferral.reset();
        m_fresh_flow.reset();
        for (BatchedInsert* batch : batches())
            batch->discard();
        m_next_insert_rowid = 0;
    }
    std::array<BatchedInsert*, 3> batches() {
        return {&m_new_objects, &m_new_links, &m_new_journal};
    }
    Result<void> write_kept_rows();
    Result<void> kept_unless_in_transaction();
    Result<std::int64_t> next_insert_rowid();
    Result<std::int64_t> largest_rowid();
    Result<FlowStart> flow_start(const std::string& source, Flow flow);
    SetWriting writing_for(const FlowStart& start, std::uint64_t bytes) const;
    Result<std::map<std::string, std::uint64_t>> count_dangling_of_fresh_flow();
    Result<void> defer_indexes(const std::string& source, Flow flow);
    Result<void> indexed();
    bool leave_wal() noexcept;
    void restore_wal() noexcept;
    Group* known_group(const ObjectKey& key);
    Result<Group*> group_of(const ObjectKey& key);
    Result<std::optional<StoredDigest>> digest_at(std::int64_t rowid, const ObjectKey& key);
    Result<std::optional<StoredDigest>> find_by_hint(const ObjectKey& key);
    Result<std::optional<StoredDigest>> find_by_key(const ObjectKey& key);
    Result<void> write_links(std::int64_t rowid, const Entity& entity);
    Result<std::vector<std::string>> sources();
    Result<std::vector<AppliedSet>> read_sets(Statement& statement);
    Result<std::vector<SetFile>> files_of(std::int64_t set_id);

    Database m_db;
    bool m_read_only = false;
    bool m_defer_indexes = true;
    std::uint64_t m_rollback_journal_from_bytes = 0;
    int m_busy_timeout_ms = 0;
    bool m_left_wal = false; // until the WAL is back, after the set that left it
    Statement m_find;
    Statement m_find_by_rowid;
    Statement m_any_in_group;
    Statement m_load_attributes;
    Statement m_update;
    Statement m_delete_links;
    Statement m_set_state;
    // Inserts, kept for multi-row statements until a read or the commit needs them: they
    // are the whole of a first import.
    BatchedInsert m_new_objects;
    BatchedInsert m_new_links;
    BatchedInsert m_new_journal;
    std::int64_t m_next_insert_rowid = 0; // 0: not known yet in this transaction
    std::vector<Group> m_groups;          // emptied when the transaction ends
    std::optional<Deferral> m_deferral;
    std::optional<FreshFlow> m_fresh_flow;
    // Sets list their records in about the same order every time, and the store keeps
    // objects in the order they arrived: the object after the last one found is the
    // likely next one, and reading it by rowid is cheaper than searching the key.
    std::int64_t m_next_rowid = 0;
    unsigned m_hint_misses = 0; // in a row; hints are tried less often after many
    std::uint64_t m_finds = 0;
};

} // namespace aafd::sync
