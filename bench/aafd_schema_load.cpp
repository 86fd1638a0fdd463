// The SQLite work of a first import alone: aafd's rows into aafd's schema.
#include "bench/aafd_schema_load.hpp"

#include <filesystem>

#include "bench/synthetic_row.hpp"
#include "sync/store/row_inserts.hpp"
#include "sync/store/schema.hpp"
#include "sync/store/sqlite.hpp"
#include "sync/store/sqlite_store.hpp"

namespace aafd::bench {
namespace {

using sync::BatchedInsert;
using sync::Database;

struct Batches {
    BatchedInsert objects;
    BatchedInsert references;
    BatchedInsert journal;
};

Result<Database> create(const std::string& path, const std::string& journal_mode) {
    auto db = Database::open(path, sync::OpenMode::ReadWrite);
    if (!db)
        return db;
    if (auto done = db->exec("PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; "
                             "PRAGMA synchronous = FULL; PRAGMA temp_store = FILE");
        !done)
        return std::unexpected(done.error());
    if (auto done = sync::migrate(*db); !done)
        return std::unexpected(done.error());
    if (auto done = db->exec("PRAGMA journal_mode = " + journal_mode + "; PRAGMA cache_size = -" +
                             std::to_string(sync::SqliteOptions{}.cache_mib * 1024));
        !done)
        return std::unexpected(done.error());
    return db;
}

Result<Batches> prepare(Database& db) {
    auto objects = sync::prepare_row_insert(db, sync::k_object_insert);
    auto references = sync::prepare_row_insert(db, sync::k_reference_insert);
    auto journal = sync::prepare_row_insert(db, sync::k_journal_insert);
    if (!objects || !references || !journal)
        return std::unexpected(!objects      ? objects.error()
                               : !references ? references.error()
                                             : journal.error());
    return Batches{std::move(*objects), std::move(*references), std::move(*journal)};
}

Result<void> write_row(Batches& batches, SyntheticRow& r, std::uint64_t row, double per_object) {
    const auto rowid = static_cast<std::int64_t>(row + 1);
    const std::int64_t set_id = r.flow == "1D" ? 1 : 2;
    BatchedInsert& o = batches.objects;
    o.set(0, rowid).set(1, "bench").set(2, r.flow).set(3, r.category).set(4, r.id);
    o.set(5, static_cast<std::int64_t>(row * 0x9E3779B97F4A7C15ull >> 1)).set(6, r.payload);
    o.set(7, r.payload.substr(0, 12)).set(8, r.payload.substr(12, 8)).set(9, r.birth_date);
    o.set(10, r.ine).set_null(11).set_null(12).set(13, set_id).set(14, set_id);
    if (auto done = o.end_row(); !done)
        return done;
    BatchedInsert& j = batches.journal;
    j.set(0, set_id).set(1, "2025-09-07T02:00:00.000Z").set(2, rowid).set(3, "bench");
    j.set(4, r.flow).set(5, r.category).set(6, r.id).set(7, "create").set(8, "[]");
    if (auto done = j.end_row(); !done)
        return done;
    for (std::uint64_t i = 0; i < SyntheticRow::references_of(row, per_object); ++i) {
        BatchedInsert& ref = batches.references;
        ref.set(0, rowid).set(1, SyntheticRow::reference_kind(i));
        ref.set(2, std::string_view(r.reference_target(row, i)));
        ref.set(3, i % 2 ? "" : "10").set(4, i % 2 ? "" : "1");
        if (auto done = ref.end_row(); !done)
            return done;
    }
    return {};
}

Result<void> write_all(Database& db, const AafdSchemaLoad& load) {
    auto batches = prepare(db);
    if (!batches)
        return std::unexpected(batches.error());
    if (auto done = db.exec("BEGIN IMMEDIATE"); !done)
        return done;
    SyntheticRow r(load.rows, load.payload);
    for (std::uint64_t row = 0; row < load.rows; ++row) {
        r.make(row);
        if (auto done = write_row(*batches, r, row, load.references_per_object); !done)
            return done;
    }
    for (BatchedInsert* batch : {&batches->objects, &batches->journal, &batches->references})
        if (auto done = batch->flush(); !done)
            return done;
    return db.exec("COMMIT");
}

} // namespace

Result<Throughput> load_into_aafd_schema(const std::string& path, const AafdSchemaLoad& load) {
    auto db = create(path, load.journal_mode);
    if (!db)
        return std::unexpected(db.error());
    const Stopwatch stopwatch;
    if (auto done = write_all(*db, load); !done)
        return std::unexpected(done.error());
    *db = Database(); // closes it: checkpoints the WAL into the database file
    Throughput result{"sqlite", 0, 0, load.rows, stopwatch.seconds()};
    std::error_code error;
    result.bytes = std::filesystem::file_size(path, error);
    return result;
}

} // namespace aafd::bench
