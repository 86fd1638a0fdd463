// aafd-bench-sqlite: the storage floor. Bulk-loads N rows into a fresh SQLite file set up
// like aafd's store (WAL, synchronous=FULL, 64 MiB cache) in one transaction through one
// prepared statement: an INTEGER PRIMARY KEY and 11 text columns, one of them a payload of
// --payload bytes standing for the record's attributes JSON. Timed from the first insert
// to the closed database (commit, checkpoint at close). No index. With --aafd-rows, each
// object also gets what aafd writes beside it, still without an index: a journal row and
// --references-per-object reference rows. With --aafd-schema, the same rows go into
// aafd's own schema, every key and index included, as aafd writes them
// (bench/aafd_schema_load.hpp). The file is removed at the end unless --keep.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <sqlite3.h>

#include "bench/aafd_schema_load.hpp"
#include "bench/bench_support.hpp"
#include "bench/synthetic_row.hpp"

namespace aafd::bench {
namespace {

struct CloseDatabase {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

constexpr const char* k_schema = R"sql(
CREATE TABLE object (
    rowid INTEGER PRIMARY KEY,
    source TEXT NOT NULL, flow TEXT NOT NULL, category TEXT NOT NULL, id TEXT NOT NULL,
    state TEXT NOT NULL, attributes TEXT NOT NULL, last_name TEXT, first_name TEXT,
    birth_date TEXT, ine TEXT, uai TEXT
);
)sql";

// aafd's journal and reference tables, without their keys and indexes.
constexpr const char* k_aafd_tables = R"sql(
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY, set_id INTEGER, at TEXT NOT NULL, object INTEGER NOT NULL,
    source TEXT NOT NULL, flow TEXT NOT NULL, category TEXT NOT NULL, id TEXT NOT NULL,
    op TEXT NOT NULL, fields TEXT NOT NULL
);
CREATE TABLE reference (
    kind TEXT NOT NULL, target TEXT NOT NULL, object INTEGER NOT NULL, code TEXT NOT NULL,
    detail TEXT NOT NULL
);
)sql";

constexpr const char* k_insert =
    "INSERT INTO object (source, flow, category, id, state, attributes, last_name, first_name, "
    "birth_date, ine, uai) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* k_insert_journal =
    "INSERT INTO journal (set_id, at, object, source, flow, category, id, op, fields) VALUES "
    "(1, '2025-09-07T02:00:00Z', ?1, 'bench', ?2, ?3, ?4, 'create', '[]')";
constexpr const char* k_insert_reference =
    "INSERT INTO reference (kind, target, object, code, detail) VALUES (?1, ?2, ?3, ?4, ?5)";

Result<void> check(sqlite3* db, int status, const char* what) {
    if (status == SQLITE_OK || status == SQLITE_DONE || status == SQLITE_ROW)
        return {};
    return fail(ErrorCode::Io, std::string(what) + ": " + sqlite3_errmsg(db));
}

Result<void> exec(sqlite3* db, const char* sql) {
    return check(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), sql);
}

struct LoadOptions {
    std::uint64_t rows = 0;
    std::size_t payload = 800;
    bool aafd_rows = false;
    bool aafd_schema = false;
    double references_per_object = 1.2;
    std::string journal_mode = "WAL";
};

void bind_text(sqlite3_stmt* statement, int index, std::string_view text) {
    sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

Result<StatementHandle> prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* prepared = nullptr;
    if (auto done = check(db, sqlite3_prepare_v2(db, sql, -1, &prepared, nullptr), sql); !done)
        return std::unexpected(done.error());
    return StatementHandle(prepared);
}

// The statements of --aafd-rows: a journal row and the object's references.
struct BesideObject {
    StatementHandle journal;
    StatementHandle reference;
    double per_object = 0;
};

Result<void> step(sqlite3* db, sqlite3_stmt* statement, const char* what) {
    auto done = check(db, sqlite3_step(statement), what);
    sqlite3_reset(statement);
    return done;
}

Result<void> write_beside(sqlite3* db, BesideObject& beside, SyntheticRow& r, std::uint64_t row) {
    sqlite3_stmt* journal = beside.journal.get();
    sqlite3_bind_int64(journal, 1, static_cast<sqlite3_int64>(row + 1));
    bind_text(journal, 2, r.flow);
    bind_text(journal, 3, r.category);
    bind_text(journal, 4, r.id);
    if (auto done = step(db, journal, "journal"); !done)
        return done;
    for (std::uint64_t i = 0; i < SyntheticRow::references_of(row, beside.per_object); ++i) {
        sqlite3_stmt* reference = beside.reference.get();
        bind_text(reference, 1, SyntheticRow::reference_kind(i));
        bind_text(reference, 2, r.reference_target(row, i));
        sqlite3_bind_int64(reference, 3, static_cast<sqlite3_int64>(row + 1));
        bind_text(reference, 4, i % 2 ? "" : "10");
        bind_text(reference, 5, i % 2 ? "" : "1");
        if (auto done = step(db, reference, "reference"); !done)
            return done;
    }
    return {};
}

Result<Throughput> load(const std::string& path, const LoadOptions& options) {
    sqlite3* raw = nullptr;
    const int opened =
        sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    DatabaseHandle db(raw);
    if (auto done = check(db.get(), opened, "open"); !done)
        return std::unexpected(done.error());
    const std::string journal_mode = "PRAGMA journal_mode = " + options.journal_mode;
    for (const char* sql : {journal_mode.c_str(), "PRAGMA synchronous = FULL",
                            "PRAGMA cache_size = -65536", "PRAGMA temp_store = FILE", k_schema})
        if (auto done = exec(db.get(), sql); !done)
            return std::unexpected(done.error());
    if (options.aafd_rows)
        if (auto done = exec(db.get(), k_aafd_tables); !done)
            return std::unexpected(done.error());

    const Stopwatch stopwatch;
    auto insert = prepare(db.get(), k_insert);
    if (!insert)
        return std::unexpected(insert.error());
    BesideObject beside;
    if (options.aafd_rows) {
        auto journal = prepare(db.get(), k_insert_journal);
        auto reference = prepare(db.get(), k_insert_reference);
        if (!journal || !reference)
            return std::unexpected(journal ? reference.error() : journal.error());
        beside = {std::move(*journal), std::move(*reference), options.references_per_object};
    }
    if (auto done = exec(db.get(), "BEGIN IMMEDIATE"); !done)
        return std::unexpected(done.error());
    SyntheticRow r(options.rows, options.payload);
    for (std::uint64_t row = 0; row < options.rows; ++row) {
        r.make(row);
        sqlite3_stmt* s = insert->get();
        bind_text(s, 1, "bench");
        bind_text(s, 2, r.flow);
        bind_text(s, 3, r.category);
        bind_text(s, 4, r.id);
        bind_text(s, 5, "active");
        bind_text(s, 6, r.payload);
        bind_text(s, 7, r.payload.substr(0, 12));
        bind_text(s, 8, r.payload.substr(12, 8));
        bind_text(s, 9, r.birth_date);
        bind_text(s, 10, r.ine);
        bind_text(s, 11, r.uai);
        if (auto done = step(db.get(), s, "insert"); !done)
            return std::unexpected(done.error());
        if (options.aafd_rows)
            if (auto done = write_beside(db.get(), beside, r, row); !done)
                return std::unexpected(done.error());
    }
    insert->reset();
    beside = {};
    if (auto done = exec(db.get(), "COMMIT"); !done)
        return std::unexpected(done.error());
    db.reset(); // checkpoints the WAL into the database file
    Throughput result{"sqlite", 0, 0, options.rows, stopwatch.seconds()};
    std::error_code error;
    result.bytes = std::filesystem::file_size(path, error);
    return result;
}

int main_with(int argc, char** argv) {
    CLI::App app{"aafd-bench-sqlite: bare SQLite bulk load, the storage floor"};
    LoadOptions options;
    std::string dir = std::filesystem::temp_directory_path().string();
    bool keep = false;
    app.add_option("rows", options.rows, "Rows to insert")->required();
    app.add_option("--dir", dir, "Folder of the temporary database")->capture_default_str();
    app.add_option("--payload", options.payload, "Bytes of the attributes column (32..1048576)")
        ->check(CLI::Range(std::size_t{32}, std::size_t{1} << 20))
        ->capture_default_str();
    app.add_flag("--aafd-rows", options.aafd_rows,
                 "Also a journal row and references for each object, without indexes");
    app.add_flag("--aafd-schema", options.aafd_schema,
                 "The rows of --aafd-rows into aafd's own schema, keys and indexes, 256 to an "
                 "INSERT");
    app.add_option("--references-per-object", options.references_per_object,
                   "References an object has, on average (with --aafd-rows, --aafd-schema)")
        ->check(CLI::Range(0.0, 16.0))
        ->capture_default_str();
    app.add_option("--journal-mode", options.journal_mode,
                   "SQLite journal mode of the load (WAL as aafd's store, or DELETE)")
        ->check(CLI::IsMember({"WAL", "DELETE"}))
        ->capture_default_str();
    app.add_flag("--keep", keep, "Keep the database file");
    CLI11_PARSE(app, argc, argv);

    const std::string path = dir + "/aafd-bench-sqlite.db";
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path + suffix);
    auto result =
        options.aafd_schema
            ? load_into_aafd_schema(path, {options.rows, options.payload,
                                           options.references_per_object, options.journal_mode})
            : load(path, options);
    if (!keep)
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path + suffix);
    if (!result) {
        std::fprintf(stderr, "aafd-bench-sqlite: %s: %s\n", path.c_str(),
                     result.error().message.c_str());
        return 74;
    }
    // bytes= is the size of the database file written, not input.
    print_throughput(*result);
    return 0;
}

} // namespace
} // namespace aafd::bench

int main(int argc, char** argv) { return aafd::bench::main_with(argc, argv); }
