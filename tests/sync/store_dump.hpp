// A text dump of a store's content for crash tests: objects, references, journal,
// applied sets and files, in key order, without what depends on the clock or the run
// (journal `at`, `applied_at`, `duration_ms`), so that a run that was killed and retried
// can be compared with an uninterrupted one. Also a PRAGMA's answer (integrity_check).
#pragma once

#include <string>

#include <doctest/doctest.h>

#include "sync/store/sqlite.hpp"

namespace aafd::test {

inline std::string dump_query(sync::Database& db, const std::string& sql, int columns) {
    auto statement = db.prepare(sql);
    REQUIRE_MESSAGE(statement, statement.error().message);
    std::string out;
    auto done = statement->for_each_row([&] {
        for (int i = 0; i < columns; ++i)
            out += (statement->column_is_null(i) ? "NULL" : statement->column_text(i)) + "|";
        out += "\n";
    });
    REQUIRE(done);
    return out;
}

inline std::string dump_store(const std::string& path) {
    auto db = sync::Database::open(path, sync::OpenMode::ReadOnly);
    REQUIRE(db);
    return "object\n" +
           dump_query(*db,
                      "SELECT rowid, source, flow, category, id, state, state_since, hash, "
                      "attributes, last_name, first_name, birth_date, ine, uai, label, "
                      "created_set, updated_set FROM object ORDER BY rowid",
                      17) +
           "reference\n" +
           dump_query(*db,
                      "SELECT object, kind, target, code, detail FROM reference ORDER BY object, "
                      "kind, target, code",
                      5) +
           "journal\n" +
           dump_query(*db,
                      "SELECT seq, set_id, object, source, flow, category, id, op, fields FROM "
                      "journal ORDER BY seq",
                      9) +
           "applied_set\n" +
           dump_query(*db,
                      "SELECT id, source, flow, kind, date, digest, forced, incomplete, records, "
                      "created, updated, unchanged, restored, disappeared, upserts, warnings "
                      "FROM applied_set ORDER BY id",
                      16) +
           "applied_file\n" +
           dump_query(*db,
                      "SELECT set_id, name, size, sha256, category, chunk, records FROM "
                      "applied_file ORDER BY set_id, rowid",
                      7) +
           "sqlite_sequence\n" +
           dump_query(*db, "SELECT name, seq FROM sqlite_sequence ORDER BY name", 2);
}

// `PRAGMA name`'s answer, as dump_query gives it ("ok|\n"), read by a connection of its own.
inline std::string read_pragma(const std::string& path, const std::string& name) {
    auto db = sync::Database::open(path, sync::OpenMode::ReadOnly);
    REQUIRE_MESSAGE(db, db.error().message);
    return dump_query(*db, "PRAGMA " + name, 1);
}

inline std::string integrity_check(const std::string& path) {
    return read_pragma(path, "integrity_check");
}

} // namespace aafd::test
