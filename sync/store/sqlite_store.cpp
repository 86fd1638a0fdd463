// SQLite implementation of the Store interface.
#include "sync/store/sqlite_store.hpp"

#include <array>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "sync/store/batched_insert.hpp"
#include "sync/store/inserted_keys.hpp"
#include "sync/store/object_row.hpp"
#include "sync/store/row_inserts.hpp"
#include "sync/store/schema.hpp"
#include "sync/store/sqlite.hpp"

namespace aafd::sync {
namespace {

template <class T>
std::unexpected<Error> failed(const Result<T>& result) {
    return std::unexpected(result.error());
}

std::string to_json_list(const std::vector<std::string>& items) {
    return items.empty() ? std::string("[]") : nlohmann::json(items).dump();
}

std::vector<std::string> from_json_list(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> items;
    if (parsed.is_array())
        for (const auto& item : parsed)
            if (item.is_string())
                items.push_back(item.get<std::string>());
    return items;
}

// The attributes' JSON: made ahead, or made now into `made`.
std::string_view json_of(const ObjectWrite& write, std::string& made) {
    if (!write.json.empty())
        return write.json;
    made = attributes_to_json(write.attributes);
    return made;
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
                                         State state) override;
    Result<std::int64_t> begin_set(const AppliedSet& set) override;
    Result<void> finish_set(const AppliedSet& set) override;
    Result<std::optional<AppliedSet>> last_set(const std::string& source, Flow flow,
                                               SetKind kind) override;
    Result<std::vector<AppliedSet>> sets_on(const std::string& source, Flow flow, SetKind kind,
                                            Date date) override;
    Result<std::vector<AppliedSet>> list_sets(std::size_t limit) override;
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

Result<void> SqliteStore::prepare_statements() {
    struct Entry {
        Statement* statement;
        std::string_view sql;
    };
    const std::array<Entry, 7> entries{{
        {&m_find, "SELECT rowid, hash, state FROM object INDEXED BY object_key WHERE "
                  "source = ?1 AND flow = ?2 AND category = ?3 AND id = ?4"},
        {&m_find_by_rowid,
         "SELECT source, flow, category, id, hash, state FROM object WHERE rowid = ?1"},
        {&m_any_in_group, "SELECT 1 FROM object INDEXED BY object_key WHERE source = ?1 AND "
                          "flow = ?2 AND category = ?3 LIMIT 1"},
        {&m_load_attributes, "SELECT attributes FROM object WHERE rowid = ?1"},
        {&m_update, "UPDATE object SET hash = ?2, attributes = ?3, last_name = ?4, "
                    "first_name = ?5, birth_date = ?6, ine = ?7, uai = ?8, label = ?9, "
                    "updated_set = ?10 WHERE rowid = ?1"},
        {&m_delete_links, "DELETE FROM reference WHERE object = ?1"},
        {&m_set_state, "UPDATE object SET state = ?2, state_since = ?3 WHERE rowid = ?1"},
    }};
    for (const auto& entry : entries) {
        auto statement = m_db.prepare(entry.sql);
        if (!statement)
            return failed(statement);
        *entry.statement = std::move(*statement);
    }
    return prepare_batches();
}

Result<void> SqliteStore::prepare_batches() {
    const std::array<std::pair<BatchedInsert*, RowInsert>, 3> entries{{
        {&m_new_objects, k_object_insert},
        {&m_new_links, k_reference_insert},
        {&m_new_journal, k_journal_insert},
    }};
    for (const auto& [batch, insert] : entries) {
        auto prepared = prepare_row_insert(m_db, insert);
        if (!prepared)
            return failed(prepared);
        *batch = std::move(*prepared);
    }
    return {};
}

Result<void> SqliteStore::write_kept_rows() {
    for (BatchedInsert* batch : batches())
        if (auto done = batch->flush(); !done)
            return done;
    return {};
}

// Outside a transaction each write is its own.
Result<void> SqliteStore::kept_unless_in_transaction() {
    if (m_db.in_transaction())
        return {};
    m_next_insert_rowid = 0;
    return write_kept_rows();
}

// Rowids are given here, not by SQLite, so that an object's references and journal entry
// can be kept with it before any is written: the largest rowid plus one, as SQLite would
// give (BEGIN IMMEDIATE: no other process inserts until the commit).
Result<std::int64_t> SqliteStore::next_insert_rowid() {
    if (m_next_insert_rowid == 0) {
        auto last = largest_rowid();
        if (!last)
            return last;
        m_next_insert_rowid = *last + 1;
    }
    return m_next_insert_rowid++;
}

// Of the object table; 0 when it is empty. One step down the rowid tree's right edge.
Result<std::int64_t> SqliteStore::largest_rowid() {
    auto last = m_db.prepare("SELECT ifnull(max(rowid), 0) FROM object");
    if (!last)
        return failed(last);
    auto row = last->step();
    if (!row)
        return failed(row);
    return last->column_int(0);
}

Result<void> SqliteStore::begin() {
    end_transaction();
    auto begun = m_db.exec("BEGIN IMMEDIATE");
    if (!begun && begun.error().code == ErrorCode::Busy)
        return std::unexpected(store_locked(m_db.path(), "another aafd import?"));
    return begun;
}

Result<void> SqliteStore::commit() {
    if (auto done = indexed(); !done)
        return done;
    end_transaction();
    auto committed = m_db.exec("COMMIT");
    restore_wal();
    return committed;
}

// Building an index again reads and sorts every row of the table: worth it only when the
// set brings several times what the store holds (an export takes about 1 kB a record).
// Measured at 1M pupils: into an empty store, 8 % faster than row by row; a 2D set after
// its 1D set (about as many rows), 14 % slower.
constexpr std::uint64_t k_set_bytes_per_stored_row = 4096;
constexpr std::array<std::string_view, 1> k_deferrable_indexes{"object_key"};

// The journal mode changes only outside a transaction, so the store is asked first, and
// asked again inside the transaction: another process may have written in between.
Result<SetWriting> SqliteStore::begin_for_set(const std::string& source, Flow flow,
                                              std::uint64_t bytes) {
    auto before = flow_start(source, flow);
    if (!before)
        return failed(before);
    SetWriting writing = writing_for(*before, bytes);
    if (writing.rollback_journal)
        writing.rollback_journal = leave_wal();
    if (auto begun = begin(); !begun) {
        restore_wal();
        return failed(begun);
    }
    auto start = flow_start(source, flow);
    if (!start) {
        rollback();
        return failed(start);
    }
    if (start->empty)
        m_fresh_flow = FreshFlow{source, flow, start->largest_rowid + 1};
    writing.indexed_at_end = writing.indexed_at_end && writing_for(*start, bytes).indexed_at_end;
    if (writing.indexed_at_end)
        if (auto done = defer_indexes(source, flow); !done) {
            rollback();
            return failed(done);
        }
    return writing;
}

Result<SqliteStore::FlowStart> SqliteStore::flow_start(const std::string& source, Flow flow) {
    auto any = m_db.prepare("SELECT 1 FROM object INDEXED BY object_key WHERE source = ?1 AND "
                            "flow = ?2 LIMIT 1");
    if (!any)
        return failed(any);
    any->bind(1, source).bind(2, flow_name(flow));
    auto held = any->step();
    if (!held)
        return failed(held);
    auto largest = largest_rowid();
    if (!largest)
        return failed(largest);
    return FlowStart{!*held, *largest};
}

// Only for the first set of a source and flow: later sets write a small part of the store.
SetWriting SqliteStore::writing_for(const FlowStart& start, std::uint64_t bytes) const {
    if (!start.empty)
        return {};
    auto rows = static_cast<std::uint64_t>(start.largest_rowid);
    return SetWriting{m_defer_indexes && bytes >= k_set_bytes_per_stored_row * rows,
                      bytes >= m_rollback_journal_from_bytes};
}

// The journal mode `pragma` leaves the store in ("delete", "wal"; "memory" in memory).
std::string journal_mode_after(Database& db, const std::string& pragma) {
    auto statement = db.prepare(pragma);
    if (!statement)
        return {};
    auto row = statement->step();
    return row && *row ? statement->column_text(0) : std::string();
}

// Fails, and the store stays in WAL mode, when another connection has it open: nothing
// waits for that connection to close.
bool SqliteStore::leave_wal() noexcept {
    (void)m_db.exec("PRAGMA busy_timeout = 0");
    m_left_wal = journal_mode_after(m_db, "PRAGMA journal_mode = DELETE") == "delete";
    (void)m_db.exec("PRAGMA busy_timeout = " + std::to_string(m_busy_timeout_ms));
    return m_left_wal;
}

// Waits for readers as any write does. Should that fail, the next store opened on the file
// goes back to WAL mode.
void SqliteStore::restore_wal() noexcept {
    if (m_left_wal && !m_db.in_transaction())
        m_left_wal = journal_mode_after(m_db, "PRAGMA journal_mode = WAL") != "wal";
}

Result<void> SqliteStore::defer_indexes(const std::string& source, Flow flow) {
    auto sql_of = m_db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1");
    if (!sql_of)
        return failed(sql_of);
    Deferral deferral{source, flow, {}};
    for (auto name : k_deferrable_indexes) {
        sql_of->bind(1, name);
        auto row = sql_of->step();
        if (!row)
            return failed(row);
        if (!*row)
            return fail(ErrorCode::Internal,
                        "store " + m_db.path() + " has no index " + std::string(name));
        deferral.create_sql.push_back(sql_of->column_text(0));
        sql_of->reset();
        if (auto done = m_db.exec("DROP INDEX " + std::string(name)); !done)
            return done;
    }
    m_deferral = std::move(deferral);
    return {};
}

// Writes the rows kept for multi-row inserts, and creates the deferred indexes again, if
// any: every read but a fresh group's look-up calls this first. The key index then answers every
// look-up: the groups' inserted keys are freed first, so that their memory and the index build's do
// not add up.
Result<void> SqliteStore::indexed() {
    if (auto done = write_kept_rows(); !done)
        return done;
    if (!m_deferral)
        return {};
    m_groups.clear();
    for (const auto& sql : m_deferral->create_sql)
        if (auto done = m_db.exec(sql); !done)
            return done;
    m_deferral.reset();
    return {};
}

SqliteStore::Group* SqliteStore::known_group(const ObjectKey& key) {
    for (auto& group : m_groups)
        if (group.flow == key.flow && group.category == key.category && group.source == key.source)
            return &group;
    return nullptr;
}

// Only inside a transaction (BEGIN IMMEDIATE: no other writer), where every insert goes
// through insert_object, which records the ids of fresh groups.
Result<SqliteStore::Group*> SqliteStore::group_of(const ObjectKey& key) {
    if (Group* group = known_group(key))
        return group;
    if (m_deferral && key.source == m_deferral->source && key.flow == m_deferral->flow) {
        m_groups.push_back({key.source, key.flow, key.category, true, {}});
        return &m_groups.back();
    }
    if (auto done = indexed(); !done)
        return failed(done);
    m_any_in_group.bind_view(1, key.source).bind_view(2, flow_name(key.flow));
    m_any_in_group.bind_view(3, category_name(key.category));
    auto row = m_any_in_group.step();
    if (!row)
        return failed(row);
    if (*row)
        m_any_in_group.reset();
    m_groups.push_back({key.source, key.flow, key.category, !*row, {}});
    return &m_groups.back();
}

Result<std::optional<StoredDigest>> SqliteStore::find(const ObjectKey& key) {
    if (m_db.in_transaction()) {
        auto group = group_of(key);
        if (!group)
            return failed(group);
        if ((*group)->fresh)
            return digest_at((*group)->inserted.candidate(key.id), key);
    }
    if (auto done = indexed(); !done)
        return failed(done);
    ++m_finds;
    if (m_hint_misses < 8 || m_finds % 64 == 0) {
        auto hinted = find_by_hint(key);
        if (!hinted || *hinted)
            return hinted;
    }
    return find_by_key(key);
}

// The object at `rowid`, if it has that key (none for rowid 0).
Result<std::optional<StoredDigest>> SqliteStore::digest_at(std::int64_t rowid,
                                                           const ObjectKey& key) {
    if (rowid == 0)
        return std::optional<StoredDigest>{};
    if (auto done = write_kept_rows(); !done)
        return failed(done);
    m_find_by_rowid.bind(1, rowid);
    auto row = m_find_by_rowid.step();
    if (!row)
        return failed(row);
    if (!*row)
        return std::optional<StoredDigest>{};
    const Statement& s = m_find_by_rowid;
    bool same = s.column_view(3) == key.id && s.column_view(2) == category_name(key.category) &&
                s.column_view(1) == flow_name(key.flow) && s.column_view(0) == key.source;
    std::optional<StoredDigest> digest;
    if (same)
        digest = StoredDigest{rowid, static_cast<std::uint64_t>(s.column_int(4)),
                              state_from_name(s.column_view(5)).value_or(State::Active)};
    m_find_by_rowid.reset();
    return digest;
}

// The object at m_next_rowid, if it has that key.
Result<std::optional<StoredDigest>> SqliteStore::find_by_hint(const ObjectKey& key) {
    if (m_next_rowid == 0)
        return std::optional<StoredDigest>{};
    auto digest = digest_at(m_next_rowid, key);
    if (!digest)
        return digest;
    if (*digest) {
        ++m_next_rowid;
        m_hint_misses = 0;
    } else {
        ++m_hint_misses;
    }
    return digest;
}

Result<std::optional<StoredDigest>> SqliteStore::find_by_key(const ObjectKey& key) {
    m_find.bind_view(1, key.source).bind_view(2, flow_name(key.flow));
    m_find.bind_view(3, category_name(key.category)).bind_view(4, key.id);
    auto row = m_find.step();
    if (!row)
        return failed(row);
    if (!*row)
        return std::optional<StoredDigest>{};
    StoredDigest digest{m_find.column_int(0), static_cast<std::uint64_t>(m_find.column_int(1)),
                        state_from_name(m_find.column_view(2)).value_or(State::Active)};
    m_find.reset();
    m_next_rowid = digest.rowid + 1;
    return std::optional<StoredDigest>{digest};
}

Result<Attributes> SqliteStore::load_attributes(std::int64_t rowid) {
    if (auto done = write_kept_rows(); !done)
        return failed(done);
    m_load_attributes.bind(1, rowid);
    auto row = m_load_attributes.step();
    if (!row)
        return failed(row);
    if (!*row)
        return fail(ErrorCode::Internal, "no object with rowid " + std::to_string(rowid));
    auto text = m_load_attributes.column_text(0);
    m_load_attributes.reset();
    return attributes_from_json(text);
}

Result<void> SqliteStore::write_links(std::int64_t rowid, const Entity& entity) {
    for (const auto& link : backward_links(entity)) {
        m_new_links.set(0, rowid).set(1, link_kind_name(link.kind)).set(2, link.target);
        m_new_links.set(3, link.code).set(4, link.detail);
        if (auto done = m_new_links.end_row(); !done)
            return done;
    }
    return kept_unless_in_transaction();
}

Result<std::int64_t> SqliteStore::insert_object(const ObjectKey& key, const ObjectWrite& write) {
    Group* group = nullptr; // looked up before the insert: it may make the group fresh
    if (m_db.in_transaction()) {
        auto found = group_of(key);
        if (!found)
            return failed(found);
        group = *found;
    }
    auto next = next_insert_rowid();
    if (!next)
        return next;
    const std::int64_t rowid = *next;
    const Entity& e = write.entity;
    std::string made;
    BatchedInsert& row = m_new_objects;
    row.set(0, rowid).set(1, key.source).set(2, flow_name(key.flow));
    row.set(3, category_name(key.category)).set(4, key.id);
    row.set(5, static_cast<std::int64_t>(write.hash)).set(6, json_of(write, made));
    row.set_optional(7, e.last_name).set_optional(8, e.first_name);
    row.set_optional(9, e.birth_date).set_optional(10, e.ine);
    row.set_optional(11, e.uai).set_optional(12, e.label);
    row.set(13, write.set_id).set(14, write.set_id);
    if (auto done = row.end_row(); !done)
        return failed(done);
    if (group && group->fresh)
        group->inserted.add(key.id, rowid);
    if (auto done = write_links(rowid, e); !done)
        return failed(done);
    return rowid;
}

Result<void> SqliteStore::update_object(std::int64_t rowid, const ObjectWrite& write) {
    if (auto done = write_kept_rows(); !done)
        return done;
    const Entity& e = write.entity;
    m_update.bind(1, rowid).bind(2, static_cast<std::int64_t>(write.hash));
    std::string made;
    m_update.bind_view(3, json_of(write, made));
    m_update.bind_optional(4, e.last_name).bind_optional(5, e.first_name);
    m_update.bind_optional(6, e.birth_date).bind_optional(7, e.ine);
    m_update.bind_optional(8, e.uai).bind_optional(9, e.label).bind(10, write.set_id);
    if (auto done = m_update.run(); !done)
        return done;
    if (auto done = m_delete_links.bind(1, rowid).run(); !done)
        return done;
    return write_links(rowid, e);
}

Result<void> SqliteStore::set_state(std::int64_t rowid, State state, const std::string& since) {
    if (auto done = write_kept_rows(); !done)
        return done;
    m_set_state.bind(1, rowid).bind(2, state_name(state)).bind_optional(3, since);
    return m_set_state.run();
}

Result<void> SqliteStore::append_journal(const JournalEntry& entry) {
    BatchedInsert& row = m_new_journal;
    if (entry.set_id)
        row.set(0, entry.set_id);
    else
        row.set_null(0);
    row.set(1, entry.at).set(2, entry.object).set(3, entry.key.source);
    row.set(4, flow_name(entry.key.flow)).set(5, category_name(entry.key.category));
    row.set(6, entry.key.id).set(7, journal_op_name(entry.op)).set(8, to_json_list(entry.fields));
    if (auto done = row.end_row(); !done)
        return done;
    return kept_unless_in_transaction();
}

Result<void> SqliteStore::for_each_in_state(const std::string& source, Flow flow, Category category,
                                            State state, const ObjectVisitor& visit) {
    if (auto done = indexed(); !done)
        return failed(done);
    auto statement =
        m_db.prepare("SELECT rowid, id, ifnull(state_since, '') FROM object WHERE source = ?1 AND "
                     "flow = ?2 AND category = ?3 AND state = ?4");
    if (!statement)
        return failed(statement);
    statement->bind(1, source).bind(2, flow_name(flow)).bind(3, category_name(category));
    statement->bind(4, state_name(state));
    auto done = statement->for_each_row([&] {
        visit(statement->column_int(0), statement->column_text(1), statement->column_text(2));
    });
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<std::uint64_t> SqliteStore::count_in_state(const std::string& source, Flow flow,
                                                  Category category, State state) {
    if (auto done = indexed(); !done)
        return failed(done);
    auto statement = m_db.prepare(
        "SELECT count(*) FROM object INDEXED BY object_by_state WHERE source = ?1 AND flow = ?2 "
        "AND category = ?3 AND state = ?4");
    if (!statement)
        return failed(statement);
    statement->bind(1, source).bind(2, flow_name(flow)).bind(3, category_name(category));
    statement->bind(4, state_name(state));
    auto row = statement->step();
    if (!row)
        return failed(row);
    return static_cast<std::uint64_t>(statement->column_int(0));
}

Result<std::int64_t> SqliteStore::begin_set(const AppliedSet& set) {
    auto statement = m_db.prepare(
        "INSERT INTO applied_set (source, flow, kind, date, applied_at, digest, forced, "
        "incomplete) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!statement)
        return failed(statement);
    statement->bind(1, set.source).bind(2, flow_name(set.flow)).bind(3, set_kind_name(set.kind));
    statement->bind(4, to_iso(set.date)).bind(5, set.applied_at).bind(6, set.digest);
    statement->bind(7, std::int64_t{set.forced}).bind(8, std::int64_t{set.incomplete});
    if (auto done = statement->run(); !done)
        return failed(done);
    const std::int64_t id = m_db.last_insert_rowid();
    if (m_fresh_flow && m_fresh_flow->source == set.source && m_fresh_flow->flow == set.flow)
        m_fresh_flow->set_id = id;
    return id;
}

Result<void> SqliteStore::finish_set(const AppliedSet& set) {
    auto update = m_db.prepare(
        "UPDATE applied_set SET records = ?2, created = ?3, updated = ?4, unchanged = ?5, "
        "restored = ?6, disappeared = ?7, upserts = ?8, warnings = ?9, duration_ms = ?10, "
        "digest = ?11 WHERE id = ?1");
    if (!update)
        return failed(update);
    const SetCounts& c = set.counts;
    update->bind(1, set.id).bind(2, static_cast<std::int64_t>(c.records));
    update->bind(3, static_cast<std::int64_t>(c.created))
        .bind(4, static_cast<std::int64_t>(c.updated));
    update->bind(5, static_cast<std::int64_t>(c.unchanged));
    update->bind(6, static_cast<std::int64_t>(c.restored));
    update->bind(7, static_cast<std::int64_t>(c.disappeared));
    update->bind(8, static_cast<std::int64_t>(c.upserts));
    update->bind(9, static_cast<std::int64_t>(c.warnings)).bind(10, set.duration_ms);
    update->bind(11, set.digest);
    if (auto done = update->run(); !done)
        return done;
    auto insert = m_db.prepare("INSERT INTO applied_file (set_id, name, size, sha256, category, "
                               "chunk, records) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert)
        return failed(insert);
    for (const auto& file : set.files) {
        insert->bind(1, set.id).bind(2, file.name).bind(3, static_cast<std::int64_t>(file.size));
        insert->bind(4, file.sha256).bind(5, category_name(file.category));
        insert->bind(6, std::int64_t{file.chunk}).bind(7, static_cast<std::int64_t>(file.records));
        if (auto done = insert->run(); !done)
            return done;
    }
    return {};
}

constexpr std::string_view k_set_columns =
    "id, source, flow, kind, date, applied_at, digest, forced, incomplete, records, created, "
    "updated, unchanged, restored, disappeared, upserts, warnings, duration_ms";

Result<std::vector<AppliedSet>> SqliteStore::read_sets(Statement& statement) {
    std::vector<AppliedSet> sets;
    auto done = statement.for_each_row([&] {
        AppliedSet set;
        set.id = statement.column_int(0);
        set.source = statement.column_text(1);
        set.flow = flow_from_name(statement.column_text(2)).value_or(Flow::Second);
        set.kind = set_kind_from_name(statement.column_text(3)).value_or(SetKind::Full);
        set.date = parse_iso_date(statement.column_text(4)).value_or(Date{});
        set.applied_at = statement.column_text(5);
        set.digest = statement.column_text(6);
        set.forced = statement.column_int(7) != 0;
        set.incomplete = statement.column_int(8) != 0;
        std::array<std::uint64_t*, 8> counts{&set.counts.records,  &set.counts.created,
                                             &set.counts.updated,  &set.counts.unchanged,
                                             &set.counts.restored, &set.counts.disappeared,
                                             &set.counts.upserts,  &set.counts.warnings};
        for (std::size_t i = 0; i < counts.size(); ++i)
            *counts[i] = static_cast<std::uint64_t>(statement.column_int(9 + static_cast<int>(i)));
        set.duration_ms = statement.column_int(17);
        sets.push_back(std::move(set));
    });
    if (!done)
        return std::unexpected(done.error());
    return sets;
}

Result<std::optional<AppliedSet>> SqliteStore::last_set(const std::string& source, Flow flow,
                                                        SetKind kind) {
    auto statement = m_db.prepare("SELECT " + std::string(k_set_columns) +
                                  " FROM applied_set WHERE source = ?1 AND flow = ?2 AND "
                                  "kind = ?3 ORDER BY date DESC, id DESC LIMIT 1");
    if (!statement)
        return failed(statement);
    statement->bind(1, source).bind(2, flow_name(flow)).bind(3, set_kind_name(kind));
    auto sets = read_sets(*statement);
    if (!sets)
        return failed(sets);
    if (sets->empty())
        return std::optional<AppliedSet>{};
    return std::optional<AppliedSet>{std::move(sets->front())};
}

Result<std::vector<AppliedSet>> SqliteStore::sets_on(const std::string& source, Flow flow,
                                                     SetKind kind, Date date) {
    auto statement = m_db.prepare("SELECT " + std::string(k_set_columns) +
                                  " FROM applied_set WHERE source = ?1 AND flow = ?2 AND "
                                  "kind = ?3 AND date = ?4 ORDER BY id");
    if (!statement)
        return failed(statement);
    statement->bind(1, source).bind(2, flow_name(flow)).bind(3, set_kind_name(kind));
    statement->bind(4, to_iso(date));
    auto sets = read_sets(*statement);
    if (!sets)
        return sets;
    for (auto& set : *sets)
        if (auto files = files_of(set.id); files)
            set.files = std::move(*files);
        else
            return failed(files);
    return sets;
}

Result<std::vector<SetFile>> SqliteStore::files_of(std::int64_t set_id) {
    auto statement = m_db.prepare("SELECT name, size, sha256, category, chunk, records FROM "
                                  "applied_file WHERE set_id = ?1 ORDER BY rowid");
    if (!statement)
        return failed(statement);
    statement->bind(1, set_id);
    std::vector<SetFile> files;
    auto done = statement->for_each_row([&] {
        files.push_back({statement->column_text(0),
                         static_cast<std::uint64_t>(statement->column_int(1)),
                         statement->column_text(2),
                         category_from_name(statement->column_text(3)).value_or(Category::Pupil),
                         static_cast<unsigned>(statement->column_int(4)),
                         static_cast<std::uint64_t>(statement->column_int(5))});
    });
    if (!done)
        return std::unexpected(done.error());
    return files;
}

Result<std::vector<AppliedSet>> SqliteStore::list_sets(std::size_t limit) {
    auto statement = m_db.prepare("SELECT " + std::string(k_set_columns) +
                                  " FROM applied_set ORDER BY id DESC LIMIT ?1");
    if (!statement)
        return failed(statement);
    statement->bind(1, static_cast<std::int64_t>(limit));
    return read_sets(*statement);
}

// The sources the store holds objects of.
Result<std::vector<std::string>> SqliteStore::sources() {
    if (auto done = indexed(); !done)
        return failed(done);
    // One index look-up per source, not a scan of every object.
    auto statement =
        m_db.prepare("WITH RECURSIVE s(source) AS (SELECT min(source) FROM object UNION ALL "
                     "SELECT (SELECT min(source) FROM object WHERE source > s.source) FROM s "
                     "WHERE s.source IS NOT NULL) SELECT source FROM s WHERE source IS NOT NULL");
    if (!statement)
        return failed(statement);
    std::vector<std::string> names;
    auto done = statement->for_each_row([&] { names.push_back(statement->column_text(0)); });
    if (!done)
        return std::unexpected(done.error());
    return names;
}

Result<std::vector<StoredObject>>
SqliteStore::find_objects(const std::string& source, const std::string& id,
                          const std::vector<Category>& categories) {
    if (auto done = indexed(); !done)
        return failed(done);
    auto statement = m_db.prepare("SELECT " + std::string(k_object_columns) +
                                  " FROM object INDEXED BY object_key WHERE source = ?1 AND "
                                  "flow IN ('1D', '2D') AND category = ?2 AND id = ?3");
    if (!statement)
        return failed(statement);
    std::vector<std::string> names{source};
    if (source.empty()) {
        auto known = sources();
        if (!known)
            return failed(known);
        names = std::move(*known);
    }
    std::vector<StoredObject> objects;
    for (const auto& name : names)
        for (Category category : categories) {
            statement->bind(1, name).bind(2, category_name(category)).bind(3, id);
            auto found = read_object_rows(*statement);
            if (!found)
                return found;
            for (auto& object : *found)
                objects.push_back(std::move(object));
        }
    return objects;
}

Result<std::vector<StoredObject>> SqliteStore::find_structures_by_uai(const std::string& uai) {
    if (auto done = indexed(); !done)
        return failed(done);
    auto statement = m_db.prepare("SELECT " + std::string(k_object_columns) +
                                  " FROM object WHERE uai = ?1 AND category = 'EtabEducNat' "
                                  "ORDER BY source, flow");
    if (!statement)
        return failed(statement);
    statement->bind(1, uai);
    return read_object_rows(*statement);
}

Result<std::vector<Referrer>> SqliteStore::referrers(const std::string& source, LinkKind kind,
                                                     const std::string& target) {
    if (auto done = indexed(); !done)
        return failed(done);
    if (kind != LinkKind::Structure && kind != LinkKind::Relative)
        return fail(ErrorCode::Internal,
                    "only structure and relative links are looked up backwards");
    auto statement = m_db.prepare(
        "SELECT o.source, o.flow, o.category, o.id, o.state, r.code, r.detail, o.attributes "
        "FROM reference r JOIN object o ON o.rowid = r.object WHERE r.kind = ?1 AND "
        "r.target = ?2 AND o.source = ?3 ORDER BY o.category, o.id, r.code");
    if (!statement)
        return failed(statement);
    statement->bind(1, link_kind_name(kind)).bind(2, target).bind(3, source);
    std::vector<Referrer> result;
    auto done = statement->for_each_row([&]() -> Result<void> {
        Referrer referrer;
        referrer.key = {statement->column_text(0),
                        flow_from_name(statement->column_text(1)).value_or(Flow::Second),
                        category_from_name(statement->column_text(2)).value_or(Category::Pupil),
                        statement->column_text(3)};
        referrer.state = state_from_name(statement->column_text(4)).value_or(State::Active);
        referrer.link = {kind, target, statement->column_text(5), statement->column_text(6)};
        auto attributes = attributes_from_json(statement->column_text(7));
        if (!attributes)
            return failed(attributes);
        referrer.links = interpret(referrer.key.category, *attributes).links;
        result.push_back(std::move(referrer));
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return result;
}

Result<StateCounts> SqliteStore::count_objects() {
    if (auto done = indexed(); !done)
        return failed(done);
    auto statement =
        m_db.prepare("SELECT category, state, count(*) FROM object GROUP BY category, state");
    if (!statement)
        return failed(statement);
    StateCounts counts;
    auto done = statement->for_each_row([&] {
        auto category = category_from_name(statement->column_text(0));
        auto state = state_from_name(statement->column_text(1));
        if (category && state)
            counts[*category][*state] = static_cast<std::uint64_t>(statement->column_int(2));
    });
    if (!done)
        return std::unexpected(done.error());
    return counts;
}

// The object a reference names, in a flow the statement appends; reads only indexes (the
// referrer's own flow first: a reference rarely crosses flows).
constexpr std::string_view k_target_in_flow =
    "SELECT 1 FROM object t INDEXED BY object_key WHERE t.source = o.source AND "
    "t.category = CASE r.kind WHEN 'structure' THEN 'EtabEducNat' ELSE 'PersRelEleve' END "
    "AND t.id = r.target AND t.flow = (";

// Counts per r.kind, over the references `from` names (as r, with their referrer's source
// and flow as o) whose target is in neither flow.
std::string dangling_sql(std::string_view count, std::string_view from) {
    return "SELECT r.kind, " + std::string(count) + " FROM " + std::string(from) + " NOT EXISTS (" +
           std::string(k_target_in_flow) + "o.flow)) AND NOT EXISTS (" +
           std::string(k_target_in_flow) +
           "CASE o.flow WHEN '1D' THEN '2D' ELSE '1D' END)) GROUP BY r.kind";
}

Result<std::map<std::string, std::uint64_t>> read_counts(Statement& statement) {
    std::map<std::string, std::uint64_t> counts;
    auto done = statement.for_each_row([&] {
        counts[statement.column_text(0)] = static_cast<std::uint64_t>(statement.column_int(1));
    });
    if (!done)
        return std::unexpected(done.error());
    return counts;
}

Result<std::map<std::string, std::uint64_t>> SqliteStore::count_dangling(std::int64_t set_id) {
    if (auto done = indexed(); !done)
        return failed(done);
    if (m_fresh_flow && m_fresh_flow->set_id == set_id && m_db.in_transaction())
        return count_dangling_of_fresh_flow();
    auto statement = m_db.prepare(dangling_sql(
        "count(*)", "object o INDEXED BY object_by_set JOIN reference r INDEXED BY "
                    "reference_by_object ON r.object = o.rowid WHERE o.updated_set = ?1 AND"));
    if (!statement)
        return failed(statement);
    statement->bind(1, set_id);
    return read_counts(*statement);
}

// The set's objects are the rowids from the first it inserted: its references are read in
// key order, and each target is looked up once, however many name it (a first import has
// 1.5 million references and 0.7 million targets a flow; measured at 1M pupils: 1.5 s
// against 3.7 s through object_by_set).
Result<std::map<std::string, std::uint64_t>> SqliteStore::count_dangling_of_fresh_flow() {
    auto statement = m_db.prepare(
        dangling_sql("sum(r.n)", "(SELECT kind, target, count(*) AS n FROM reference NOT INDEXED "
                                 "WHERE object >= ?1 GROUP BY kind, target) r, (SELECT ?2 AS "
                                 "source, ?3 AS flow) o WHERE"));
    if (!statement)
        return failed(statement);
    statement->bind(1, m_fresh_flow->first_rowid).bind(2, m_fresh_flow->source);
    statement->bind(3, flow_name(m_fresh_flow->flow));
    return read_counts(*statement);
}

Result<std::vector<std::pair<std::int64_t, ObjectKey>>>
SqliteStore::disappeared_before(const std::string& cutoff) {
    if (auto done = indexed(); !done)
        return failed(done);
    auto statement = m_db.prepare("SELECT rowid, source, flow, category, id FROM object WHERE "
                                  "state = 'disappeared' AND state_since < ?1 ORDER BY rowid");
    if (!statement)
        return failed(statement);
    statement->bind(1, cutoff);
    std::vector<std::pair<std::int64_t, ObjectKey>> objects;
    auto done = statement->for_each_row([&] {
        objects.emplace_back(
            statement->column_int(0),
            ObjectKey{statement->column_text(1),
                      flow_from_name(statement->column_text(2)).value_or(Flow::Second),
                      category_from_name(statement->column_text(3)).value_or(Category::Pupil),
                      statement->column_text(4)});
    });
    if (!done)
        return std::unexpected(done.error());
    return objects;
}

Result<std::vector<JournalEntry>> SqliteStore::journal_after(std::int64_t after,
                                                             std::size_t limit) {
    if (auto done = write_kept_rows(); !done)
        return failed(done);
    auto statement = m_db.prepare(
        "SELECT seq, ifnull(set_id, 0), at, object, source, flow, category, id, op, fields "
        "FROM journal WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    if (!statement)
        return failed(statement);
    statement->bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<JournalEntry> entries;
    auto done = statement->for_each_row([&] {
        JournalEntry entry;
        entry.seq = statement->column_int(0);
        entry.set_id = statement->column_int(1);
        entry.at = statement->column_text(2);
        entry.object = statement->column_int(3);
        entry.key = {statement->column_text(4),
                     flow_from_name(statement->column_text(5)).value_or(Flow::Second),
                     category_from_name(statement->column_text(6)).value_or(Category::Pupil),
                     statement->column_text(7)};
        auto op_name = statement->column_text(8);
        for (auto op : {JournalOp::Create, JournalOp::Update, JournalOp::Restore,
                        JournalOp::Disappear, JournalOp::Delete})
            if (journal_op_name(op) == op_name)
                entry.op = op;
        entry.fields = from_json_list(statement->column_text(9));
        entries.push_back(std::move(entry));
    });
    if (!done)
        return std::unexpected(done.error());
    return entries;
}

// `creating`: the file is new. page_size takes effect only then (WAL fixes it after): an
// object row (≈ 700 bytes with its attributes) leaves much of a 4 KiB page unused, and
// 8 KiB pages made a bulk load of objects a third faster here.
Result<void> configure(Database& db, const SqliteOptions& options, bool creating) {
    std::string pragmas = "PRAGMA busy_timeout = " + std::to_string(options.busy_timeout_ms) +
                          "; PRAGMA foreign_keys = ON; PRAGMA temp_store = FILE;";
    if (creating)
        pragmas += "PRAGMA page_size = 8192;";
    if (!options.read_only)
        pragmas += "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
    return db.exec(pragmas);
}

// Once the page size is settled (schema_version reads the file's header): SQLite counts
// the cache in pages of the size it had when cache_size was set.
Result<void> size_cache(Database& db, const SqliteOptions& options) {
    return db.exec("PRAGMA schema_version; PRAGMA cache_size = -" +
                   std::to_string(options.cache_mib * 1024));
}

// The error with the store's path in front, unless it names it already (I/O errors do,
// by its absolute path). Locked while it opens: a first import writes the store alone
// until it commits.
std::unexpected<Error> in_store(const Error& error, const std::string& path) {
    if (error.message.starts_with("store "))
        return std::unexpected(error);
    if (error.code == ErrorCode::Busy)
        return std::unexpected(store_locked(path, "an aafd import writing it alone?"));
    return with_context(error, "store " + path);
}

} // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const SqliteOptions& options) {
    std::error_code error;
    const bool creating =
        !options.read_only && (path == ":memory:" || !std::filesystem::exists(path, error) ||
                               std::filesystem::file_size(path, error) == 0);
    auto db = Database::open(path, options.read_only ? OpenMode::ReadOnly : OpenMode::ReadWrite);
    if (!db)
        return failed(db);
    if (auto done = configure(*db, options, creating); !done)
        return in_store(done.error(), path);
    if (auto done = options.read_only ? check_schema_readable(*db) : migrate(*db); !done)
        return in_store(done.error(), path);
    if (auto done = size_cache(*db, options); !done)
        return in_store(done.error(), path);
    auto store = std::make_unique<SqliteStore>(std::move(*db), options);
    if (auto done = store->prepare_statements(); !done)
        return in_store(done.error(), path);
    return std::unique_ptr<Store>(std::move(store));
}

} // namespace aafd::sync
