// SQLite implementation of the Store interface: opening a store (pragmas, migrations,
// prepared statements) and its transactions. The other jobs are in sqlite_store_*.cpp.
#include "sync/store/sqlite_store.hpp"

#include <filesystem>

#include "sync/store/object_writes.hpp"
#include "sync/store/row_inserts.hpp"
#include "sync/store/schema.hpp"
#include "sync/store/sqlite_store_impl.hpp"

namespace aafd::sync {

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
        {&m_delete_links, k_delete_references},
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

namespace {

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
