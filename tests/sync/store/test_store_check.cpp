// Specification of the store's consistency check (sync/store/store_check.hpp): a store the
// engine wrote is clean; each corruption written on purpose into it gives exactly the
// findings that name it.
#include <doctest/doctest.h>

#include "sync/import/import_engine.hpp"
#include "sync/store/schema.hpp"
#include "sync/store/sqlite_store.hpp"
#include "sync/store/store_check.hpp"
#include "tests/sync/export_writer.hpp"
#include "tests/sync/import_options.hpp"

using namespace aafd;
using namespace aafd::sync;
using test::TestRecord;

namespace {

using namespace std::chrono;
const system_clock::time_point k_now = sys_days{year{2025} / September / 10} + hours{2};

std::vector<TestRecord> pupils(const std::vector<std::string>& ids) {
    std::vector<TestRecord> records;
    for (const auto& id : ids)
        records.push_back({id,
                           {{"sn", {"NOM" + id}},
                            {"givenName", {"Prénom"}},
                            {"ENTPersonDateNaissance", {"01/02/2012"}},
                            {"ENTPersonStructRattach", {"1"}},
                            {"ENTEleveClasses", {"1$6A"}},
                            {"ENTElevePersRelEleve", {"200$10$1$1$1$1"}}}});
    return records;
}

std::filesystem::path full_set(const std::filesystem::path& dir, const std::string& date,
                               const std::vector<std::string>& ids) {
    auto folder = dir / ("full-" + date);
    test::write_export(folder, "ENT2DVA-ENT86", "Complet", date, Category::Structure,
                       {{"1", {{"ENTStructureUAI", {"0861234X"}}, {"street", {"1 rue"}}}}});
    test::write_export(folder, "ENT2DVA-ENT86", "Complet", date, Category::Pupil, pupils(ids));
    return folder;
}

// A store written by the engine: set 1 creates structure 1 (rowid 1) and pupils 100,
// 101 (rowids 2, 3; journal seqs 1-3); set 2 leaves 101 out, so it disappears (seq 4).
struct Fixture {
    test::TempDir dir;
    std::string path = (dir / "store.db").string();

    Fixture() {
        auto store = open_sqlite_store(path);
        REQUIRE(store);
        NoProgress progress;
        ImportOptions options = test::import_options("test");
        ImportEngine engine(**store, options, k_now, progress);
        auto report = engine.run({full_set(dir.path(), "20250908", {"100", "101"}),
                                  full_set(dir.path(), "20250909", {"100"})});
        REQUIRE_FALSE(report.error);
    }

    // Writes behind aafd's back.
    void corrupt(const std::string& sql) {
        auto db = Database::open(path, OpenMode::ReadWrite);
        REQUIRE(db);
        REQUIRE(db->exec(sql));
    }

    std::vector<std::string> findings(std::size_t max = 1000) {
        auto report = check_store_file(path, {max});
        REQUIRE(report);
        std::vector<std::string> texts;
        for (const auto& finding : report->findings)
            texts.push_back(finding.text());
        return texts;
    }

    std::uint64_t hash_of(std::int64_t rowid) {
        auto store = open_sqlite_store(path, {.read_only = true});
        REQUIRE(store);
        auto attributes = (*store)->load_attributes(rowid);
        REQUIRE(attributes);
        return attributes_hash(*attributes);
    }
};

using Texts = std::vector<std::string>;

} // namespace

template <>
struct doctest::StringMaker<Texts> {
    static String convert(const Texts& texts) {
        std::string joined;
        for (const auto& text : texts)
            joined += "\n  " + text;
        return joined.c_str();
    }
};

TEST_CASE("a store the engine wrote is consistent, and the check counts what it read") {
    Fixture f;
    auto report = check_store_file(f.path);
    REQUIRE(report);
    CHECK(report->clean());
    CHECK(report->findings.empty());
    CHECK(report->counts.objects == 3);
    CHECK(report->counts.references == 4); // each pupil: structure 1, relative 200
    CHECK(report->counts.journal_entries == 4);
    CHECK(report->counts.sets == 2);
}

TEST_CASE("references: a missing row, a row of a missing object, a row not derived") {
    Fixture f;
    SUBCASE("a deleted reference row") {
        f.corrupt("DELETE FROM reference WHERE object = 2 AND kind = 'structure'");
        CHECK(f.findings() ==
              Texts{"reference object 2 structure 1: missing: the object's attributes link to it"});
    }
    SUBCASE("a row whose object does not exist, before and after the last object") {
        f.corrupt("INSERT INTO reference (kind, target, object) VALUES ('structure', '1', 99);"
                  "UPDATE reference SET object = -1 WHERE object = 3 AND kind = 'relative'");
        CHECK(f.findings() ==
              Texts{"reference object -1 relative 200 code 10: its object, rowid -1, does not "
                    "exist",
                    "reference object 3 relative 200 code 10: missing: the object's attributes "
                    "link to it",
                    "reference object 99 structure 1: its object, rowid 99, does not exist"});
    }
    SUBCASE("a row the attributes do not give, and a detail changed") {
        f.corrupt("INSERT INTO reference (kind, target, object) VALUES ('structure', '7', 2);"
                  "UPDATE reference SET detail = '0' WHERE object = 2 AND kind = 'relative'");
        CHECK(f.findings() ==
              Texts{"reference object 2 relative 200 code 10: detail '0' differs from the "
                    "attributes' '1'",
                    "reference object 2 structure 7: not derived from the object's attributes"});
    }
}

TEST_CASE("objects: hash, typed columns, attributes, state_since and sets named") {
    Fixture f;
    SUBCASE("an edited hash") {
        f.corrupt("UPDATE object SET hash = 42 WHERE rowid = 2");
        CHECK(f.findings() == Texts{"object rowid 2: hash 42 does not match its attributes (hash " +
                                    std::to_string(f.hash_of(2)) + ")"});
    }
    SUBCASE("attributes edited without their hash, columns and links") {
        std::string hash = std::to_string(f.hash_of(2));
        f.corrupt("UPDATE object SET attributes = replace(attributes, '\"1$6A\"', '\"5$6A\"'), "
                  "last_name = 'X' WHERE rowid = 2");
        CHECK(f.findings() ==
              Texts{"object rowid 2: hash " + hash + " does not match its attributes (hash " +
                        std::to_string(f.hash_of(2)) + ")",
                    "object rowid 2: column last_name does not match its attributes",
                    "reference object 2 structure 5: missing: the object's attributes link to it"});
    }
    SUBCASE("attributes that are not JSON") {
        f.corrupt("UPDATE object SET attributes = '{' WHERE rowid = 1");
        auto texts = f.findings();
        REQUIRE(texts.size() == 1);
        CHECK(texts[0].starts_with("object rowid 1: attributes are not valid JSON: "));
    }
    SUBCASE("state_since against the state") {
        f.corrupt("UPDATE object SET state_since = NULL WHERE rowid = 3;"
                  "UPDATE object SET state_since = '2025-09-09' WHERE rowid = 2");
        CHECK(f.findings() == Texts{"object rowid 2: state active with a state_since",
                                    "object rowid 3: state disappeared without a state_since"});
    }
    SUBCASE("a set that does not exist") {
        f.corrupt("UPDATE object SET updated_set = 9 WHERE rowid = 1");
        CHECK(f.findings() == Texts{"object rowid 1: updated_set 9 names no applied set"});
    }
}

TEST_CASE("journal: dropped rows, rows naming the wrong object, state against journal") {
    Fixture f;
    SUBCASE("the disappearance dropped") {
        f.corrupt("DELETE FROM journal WHERE seq = 4");
        CHECK(f.findings() ==
              Texts{"object rowid 3: state disappeared, but its journal ends with create (seq 3)"});
    }
    SUBCASE("the creation dropped") {
        f.corrupt("DELETE FROM journal WHERE seq = 3");
        CHECK(f.findings() == Texts{"journal seq 4: disappear of object rowid 3, which is not yet "
                                    "created"});
    }
    SUBCASE("the only entry of an object dropped") {
        f.corrupt("DELETE FROM journal WHERE seq = 2");
        CHECK(f.findings() == Texts{"object rowid 2: no journal entry (not even its creation)"});
    }
    SUBCASE("a state changed without its journal entry") {
        f.corrupt("UPDATE object SET state = 'deleted' WHERE rowid = 3");
        CHECK(f.findings() ==
              Texts{"object rowid 3: state deleted, but its journal ends with disappear (seq 4)"});
    }
    SUBCASE("an entry of a missing object, with another's key, of a missing set") {
        f.corrupt("UPDATE journal SET object = 77 WHERE seq = 1;"
                  "UPDATE journal SET id = '999' WHERE seq = 2;"
                  "UPDATE journal SET set_id = 5 WHERE seq = 4");
        CHECK(f.findings() ==
              Texts{"journal seq 1: object rowid 77 does not exist",
                    "journal seq 2: key 2D Eleve 999 is not that of object rowid 2 (2D Eleve 100)",
                    "journal seq 4: set_id 5 names no applied set",
                    "object rowid 1: no journal entry (not even its creation)"});
    }
    SUBCASE("an operation the object's life does not allow, an unknown one, sets out of order") {
        f.corrupt("UPDATE journal SET op = 'update' WHERE seq = 2;"
                  "UPDATE journal SET op = 'erase' WHERE seq = 1;"
                  "UPDATE journal SET set_id = 1 WHERE seq = 4;"
                  "UPDATE journal SET set_id = 2 WHERE seq = 3");
        CHECK(f.findings() ==
              Texts{"journal seq 1: unknown operation 'erase'",
                    "journal seq 2: update of object rowid 2, which is not yet created",
                    "journal seq 4: set_id 1 after set_id 2 (sets are applied in order)",
                    "object rowid 1: no journal entry (not even its creation)"});
    }
    SUBCASE("a feed's marks name no object; one that names an object is wrong") {
        f.corrupt("INSERT INTO journal (at, object, source, flow, category, id, op) VALUES "
                  "('2025-09-10T02:00:00Z', 0, 'test', '2D', 'Eleve', 'ent', 'mark'),"
                  "('2025-09-10T02:00:00Z', 2, 'test', '2D', 'Eleve', 'ent', 'mark')");
        CHECK(f.findings() ==
              Texts{"journal seq 6: mark naming object rowid 2 (a mark names none)"});
    }
    SUBCASE("the AUTOINCREMENT counter below the last seq") {
        f.corrupt("UPDATE sqlite_sequence SET seq = 2 WHERE name = 'journal'");
        CHECK(f.findings() ==
              Texts{"sqlite_sequence journal: seq 2 is below the journal's last seq 4"});
    }
}

TEST_CASE("applied sets: unfinished, without files, records not those of the files") {
    Fixture f;
    f.corrupt("UPDATE applied_set SET digest = '', records = 1 WHERE id = 1;"
              "DELETE FROM applied_file WHERE set_id = 2;"
              "UPDATE applied_set SET kind = 'Partiel' WHERE id = 2");
    CHECK(f.findings() == Texts{"applied_set id 1: no digest: the set was never finished",
                                "applied_set id 1: records 1, but its files hold 3",
                                "applied_set id 2: unknown kind 'Partiel'",
                                "applied_set id 2: no applied_file row"});
}

TEST_CASE("SQLite's own checks: foreign keys, schema version") {
    Fixture f;
    SUBCASE("an applied_file row of a missing set") {
        f.corrupt("PRAGMA foreign_keys = OFF; UPDATE applied_file SET set_id = 8 WHERE rowid = 1");
        CHECK(f.findings() == Texts{"applied_file rowid 1: names a missing applied_set row",
                                    "applied_set id 1: records 3, but its files hold 2"});
    }
    SUBCASE("a schema version this aafd does not write") {
        f.corrupt("PRAGMA user_version = 99");
        CHECK(f.findings() == Texts{"sqlite user_version: schema version 99, this aafd writes " +
                                    std::to_string(current_schema_version())});
    }
}

TEST_CASE("findings beyond the limit are counted, not listed") {
    Fixture f;
    f.corrupt("UPDATE object SET state_since = '2025-01-01' WHERE state = 'active'");
    auto report = check_store_file(f.path, {1});
    REQUIRE(report);
    CHECK(report->finding_count == 2);
    REQUIRE(report->findings.size() == 1);
    CHECK(report->findings[0] ==
          StoreFinding{"object", "rowid 1", "state active with a state_since"});
}

TEST_CASE("the check cannot run on a missing store or on a file that is not a store") {
    test::TempDir dir;
    auto missing = check_store_file((dir / "none.db").string());
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::NoInput);
    CHECK(missing.error().message == "store " + (dir / "none.db").string() + " does not exist");
    auto empty = dir / "empty.db";
    REQUIRE(Database::open(empty.string(), OpenMode::ReadWrite));
    auto not_a_store = check_store_file(empty.string());
    REQUIRE_FALSE(not_a_store);
    CHECK(not_a_store.error().code == ErrorCode::BadInput);
    CHECK(not_a_store.error().message ==
          "store " + empty.string() +
              ": check schema version: not an aafd store (schema version 0)");
}
