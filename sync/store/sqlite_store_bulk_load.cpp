// SqliteStore, the bulk load of a first set: rows kept for multi-row INSERTs and the
// rowids given ahead, the key index dropped and built again, leaving and restoring WAL
// mode, and the fresh groups whose look-ups the inserted keys answer.
#include "sync/store/sqlite_store_impl.hpp"

namespace aafd::sync {

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

namespace {

// The journal mode `pragma` leaves the store in ("delete", "wal"; "memory" in memory).
std::string journal_mode_after(Database& db, const std::string& pragma) {
    auto statement = db.prepare(pragma);
    if (!statement)
        return {};
    auto row = statement->step();
    return row && *row ? statement->column_text(0) : std::string();
}

} // namespace

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

} // namespace aafd::sync
