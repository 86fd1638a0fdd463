// The Store contract: every backend must pass these (SQLite on a file and in memory
// today). Written against the interface only.
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "sync/store/schema.hpp"
#include "sync/store/sqlite.hpp"
#include "sync/store/sqlite_store.hpp"
#include "tests/sync/store_dump.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::sync;
namespace fs = std::filesystem;

namespace {

struct Backend {
    test::TempDir dir;
    std::unique_ptr<Store> store;
    explicit Backend(bool on_file) {
        auto opened = open_sqlite_store(on_file ? (dir / "store.db").string() : ":memory:");
        REQUIRE(opened);
        store = std::move(*opened);
    }
};

const ObjectKey k_pupil{"poitiers", Flow::First, Category::Pupil, "42"};

std::int64_t insert(Store& store, const ObjectKey& key, const Attributes& attributes,
                    std::int64_t set_id = 1) {
    Entity entity = interpret(key.category, attributes);
    auto rowid =
        store.insert_object(key, {attributes_hash(attributes), attributes, entity, set_id});
    REQUIRE(rowid);
    return *rowid;
}

void contract(Store& store) {
    Attributes pupil{{"ENTEleveAutoriteParentale", {"77$10"}},
                     {"ENTPersonJointure", {"42"}},
                     {"ENTPersonNom", {"Élie"}},
                     {"ENTPersonStructRattach", {"9"}}};
    REQUIRE(store.begin());

    SUBCASE("insert, find, load attributes, read back with links") {
        auto rowid = insert(store, k_pupil, pupil);
        auto found = store.find(k_pupil);
        REQUIRE(found);
        REQUIRE(*found);
        CHECK((*found)->rowid == rowid);
        CHECK((*found)->hash == attributes_hash(pupil));
        CHECK((*found)->state == State::Active);
        CHECK(*store.load_attributes(rowid) == pupil);
        auto objects = store.find_objects("poitiers", "42", {Category::Pupil});
        REQUIRE(objects);
        REQUIRE(objects->size() == 1);
        CHECK(objects->front().entity == interpret(Category::Pupil, pupil));
        CHECK(objects->front().key == k_pupil);
        CHECK(store.find_objects("", "42", {Category::Pupil})->size() == 1);
        CHECK(store.find_objects("other", "42", {Category::Pupil})->empty());
        CHECK(store.find_objects("poitiers", "42", {Category::Staff})->empty());
    }
    SUBCASE("the key includes flow and category") {
        insert(store, k_pupil, pupil);
        ObjectKey other_flow = k_pupil;
        other_flow.flow = Flow::Second;
        CHECK_FALSE(*store.find(other_flow));
        ObjectKey other_category = k_pupil;
        other_category.category = Category::Relative;
        CHECK_FALSE(*store.find(other_category));
    }
    SUBCASE("a second object with the same key fails, at the latest at the commit") {
        insert(store, k_pupil, pupil);
        auto second = store.insert_object(k_pupil, {1, pupil, Entity{}, 1});
        auto committed = second ? store.commit() : Result<void>{};
        auto error = second ? committed : Result<void>{std::unexpected(second.error())};
        REQUIRE_FALSE(error);
        CHECK(error.error().code == ErrorCode::Internal);
        CHECK(error.error().message.find("UNIQUE") != std::string::npos);
    }
    SUBCASE("update replaces attributes, typed fields and links") {
        auto rowid = insert(store, k_pupil, pupil);
        Attributes changed{{"ENTPersonJointure", {"42"}}, {"ENTPersonNom", {"Noé"}}};
        Entity entity = interpret(Category::Pupil, changed);
        REQUIRE(store.update_object(rowid, {attributes_hash(changed), changed, entity, 2}));
        auto objects = store.find_objects("poitiers", "42", {Category::Pupil});
        CHECK(objects->front().entity.last_name == "Noé");
        CHECK(objects->front().entity.links.empty());
        CHECK(store.referrers("poitiers", LinkKind::Relative, "77")->empty());
    }
    SUBCASE("states, counts and the objects of a state") {
        auto rowid = insert(store, k_pupil, pupil);
        insert(store, {"poitiers", Flow::First, Category::Pupil, "43"}, pupil);
        REQUIRE(store.set_state(rowid, State::Disappeared, "2025-09-07"));
        CHECK((*store.find(k_pupil))->state == State::Disappeared);
        CHECK(*store.count_in_state("poitiers", Flow::First, Category::Pupil, State::Active, 100) ==
              1);
        auto third = insert(store, {"poitiers", Flow::First, Category::Pupil, "44"}, pupil);
        auto fourth = insert(store, {"poitiers", Flow::First, Category::Pupil, "45"}, pupil);
        CHECK(*store.count_in_state("poitiers", Flow::First, Category::Pupil, State::Active, 100) ==
              3);
        CHECK(*store.count_in_state("poitiers", Flow::First, Category::Pupil, State::Active, 2) ==
              2); // counted up to the bound, no further
        REQUIRE(store.set_state(third, State::Deleted, "2025-09-07"));
        REQUIRE(store.set_state(fourth, State::Deleted, "2025-09-07"));
        std::vector<std::string> seen;
        REQUIRE(store.for_each_in_state(
            "poitiers", Flow::First, Category::Pupil, State::Disappeared,
            [&](std::int64_t r, const std::string& id, const std::string& since) {
                CHECK(r == rowid);
                seen.push_back(id + "@" + since);
            }));
        CHECK(seen == std::vector<std::string>{"42@2025-09-07"});
        auto counts = store.count_objects();
        CHECK((*counts)[Category::Pupil][State::Active] == 1);
        CHECK((*counts)[Category::Pupil][State::Disappeared] == 1);
        auto due = store.disappeared_before("2025-09-08");
        REQUIRE(due->size() == 1);
        CHECK(due->front().second == k_pupil);
        CHECK(store.disappeared_before("2025-09-07")->empty());
    }
    SUBCASE("referrers find who links to a target") {
        insert(store, k_pupil, pupil);
        auto referrers = store.referrers("poitiers", LinkKind::Relative, "77");
        REQUIRE(referrers->size() == 1);
        CHECK(referrers->front().key == k_pupil);
        CHECK(referrers->front().link.code == "10");
    }
    SUBCASE("dangling references are counted per set") {
        insert(store, k_pupil, pupil, 5);
        auto dangling = store.count_dangling(5);
        CHECK(*dangling == std::map<std::string, std::uint64_t>{{"relative", 1}, {"structure", 1}});
        insert(store, {"poitiers", Flow::First, Category::Structure, "9"},
               {{"ENTStructureJointure", {"9"}}, {"ENTStructureUAI", {"0861234X"}}}, 6);
        CHECK(*store.count_dangling(5) == std::map<std::string, std::uint64_t>{{"relative", 1}});
        auto schools = store.find_structures_by_uai("0861234X");
        REQUIRE(schools->size() == 1);
        CHECK(schools->front().key.id == "9");
    }
    SUBCASE("applied sets and their files") {
        AppliedSet set{0,
                       "poitiers",
                       Flow::First,
                       SetKind::Full,
                       Date{std::chrono::year{2025}, std::chrono::September, std::chrono::day{7}},
                       "2025-09-07T02:00:00.000Z",
                       "",
                       false,
                       true,
                       {},
                       0,
                       {}};
        auto id = store.begin_set(set);
        REQUIRE(id);
        set.id = *id;
        set.digest = "d1";
        set.counts.records = 3;
        set.counts.created = 2;
        set.files = {{"a.xml", 10, "aa", Category::Pupil, 0, 3}};
        set.duration_ms = 12;
        REQUIRE(store.finish_set(set));
        auto last = store.last_set("poitiers", Flow::First, SetKind::Full);
        REQUIRE(*last);
        CHECK((*last)->counts == set.counts);
        CHECK((*last)->incomplete);
        CHECK((*last)->duration_ms == 12);
        CHECK_FALSE(*store.last_set("poitiers", Flow::First, SetKind::Delta));
        auto on = store.sets_on("poitiers", Flow::First, SetKind::Full, set.date);
        REQUIRE(on->size() == 1);
        REQUIRE(on->front().files.size() == 1);
        CHECK(on->front().files[0].sha256 == "aa");
        CHECK(store.list_sets(10)->size() == 1);
    }
    SUBCASE("the journal keeps order, ids and fields") {
        auto rowid = insert(store, k_pupil, pupil);
        REQUIRE(store.append_journal({0, 3, rowid, k_pupil, JournalOp::Create, {}, "t1"}));
        REQUIRE(store.append_journal(
            {0, 0, rowid, k_pupil, JournalOp::Update, {"sn", "givenName"}, "t2"}));
        auto entries = store.journal_after(0, 10);
        REQUIRE(entries->size() == 2);
        CHECK((*entries)[0].op == JournalOp::Create);
        CHECK((*entries)[0].set_id == 3);
        CHECK((*entries)[1].fields == std::vector<std::string>{"sn", "givenName"});
        CHECK((*entries)[1].seq > (*entries)[0].seq);
        CHECK(store.journal_after((*entries)[0].seq, 10)->size() == 1);
    }
    SUBCASE("a key inserted after a look-up found nothing is found in the same transaction") {
        std::map<std::string, std::int64_t> rowids;
        for (int i = 0; i < 3000; ++i) {
            ObjectKey key{"poitiers", Flow::First, Category::Pupil, std::to_string(i * 7)};
            REQUIRE(store.find(key));
            CHECK_FALSE(*store.find(key));
            rowids[key.id] = insert(store, key, pupil);
        }
        for (int i = 0; i < 7 * 3000; ++i) {
            ObjectKey key{"poitiers", Flow::First, Category::Pupil, std::to_string(i)};
            auto found = store.find(key);
            REQUIRE(found);
            auto expected = rowids.find(key.id);
            REQUIRE(found->has_value() == (expected != rowids.end()));
            if (*found)
                CHECK((*found)->rowid == expected->second);
        }
    }
    SUBCASE("look-ups in or out of insertion order find the same objects") {
        std::vector<ObjectKey> keys;
        for (int i = 0; i < 40; ++i)
            keys.push_back({"poitiers", Flow::First, i % 2 ? Category::Pupil : Category::Relative,
                            std::to_string(100 + i / 2)});
        std::vector<std::int64_t> rowids;
        for (const auto& key : keys)
            rowids.push_back(insert(store, key, pupil));
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t i = 0; i < keys.size(); ++i) {
                std::size_t at = pass == 0 ? i : keys.size() - 1 - i;
                auto found = store.find(keys[at]);
                REQUIRE(found);
                REQUIRE(*found);
                CHECK((*found)->rowid == rowids[at]);
                ObjectKey other = keys[at];
                other.category = Category::Staff;
                CHECK_FALSE(*store.find(other));
            }
    }
    SUBCASE("rollback forgets everything since begin") {
        insert(store, k_pupil, pupil);
        store.rollback();
        CHECK_FALSE(*store.find(k_pupil));
        REQUIRE(store.begin());
    }
    store.rollback();
}

} // namespace

TEST_CASE("store contract: SQLite file") {
    Backend backend(true);
    contract(*backend.store);
}

TEST_CASE("store contract: SQLite in memory") {
    Backend backend(false);
    contract(*backend.store);
}

TEST_CASE("SQLite store: an object another process added between transactions is found") {
    test::TempDir dir;
    auto path = (dir / "store.db").string();
    auto first = open_sqlite_store(path);
    auto second = open_sqlite_store(path);
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE((*first)->begin());
    CHECK_FALSE(*(*first)->find(k_pupil)); // nothing of that category yet
    REQUIRE((*first)->commit());
    REQUIRE((*second)->begin());
    auto rowid = insert(**second, k_pupil, {{"ENTPersonJointure", {"42"}}});
    REQUIRE((*second)->commit());
    REQUIRE((*first)->begin());
    auto found = (*first)->find(k_pupil);
    REQUIRE(found);
    REQUIRE(*found);
    CHECK((*found)->rowid == rowid);
    (*first)->rollback();
}

TEST_CASE("SQLite store: a second writer waits, then gets a clear Busy error") {
    test::TempDir dir;
    auto path = (dir / "store.db").string();
    auto first = open_sqlite_store(path);
    auto second = open_sqlite_store(path, {.busy_timeout_ms = 100});
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE((*first)->begin());
    auto begun = (*second)->begin();
    REQUIRE_FALSE(begun);
    CHECK(begun.error().code == ErrorCode::Busy);
    CHECK(begun.error().message == "store " + path +
                                       " is locked by another process (another aafd import?); "
                                       "try again when it has finished");
    (*first)->rollback();
}

TEST_CASE("SQLite store: a store of a newer schema is refused") {
    test::TempDir dir;
    auto path = (dir / "store.db").string();
    REQUIRE(open_sqlite_store(path));
    {
        auto db = Database::open(path, OpenMode::ReadWrite);
        REQUIRE(db->exec("PRAGMA user_version = 99"));
    }
    auto reopened = open_sqlite_store(path);
    REQUIRE_FALSE(reopened);
    CHECK(reopened.error().code == ErrorCode::Config);
    CHECK(reopened.error().message == "store " + path +
                                          " has schema version 99, newer than this aafd (" +
                                          std::to_string(current_schema_version()) + ")");
}

TEST_CASE("SQLite store: read only, an empty database or another schema version is named") {
    test::TempDir dir;
    auto path = (dir / "store.db").string();
    auto read_only = [&] { return open_sqlite_store(path, {.read_only = true}); };
    auto set_version = [&](int version) {
        auto db = Database::open(path, OpenMode::ReadWrite);
        REQUIRE(db->exec("PRAGMA user_version = " + std::to_string(version)));
    };
    set_version(0); // a database without tables, as a store's creation leaves it
    auto empty = read_only();
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::NoInput);
    CHECK(empty.error().message == "store " + path +
                                       " holds no aafd schema yet (nothing imported: was the "
                                       "first import interrupted?)");

    REQUIRE(open_sqlite_store(path));
    CHECK(read_only());
    const int current = current_schema_version();
    set_version(current - 1);
    auto older = read_only();
    REQUIRE_FALSE(older);
    CHECK(older.error().code == ErrorCode::Config);
    CHECK(older.error().message == "store " + path + " has schema version " +
                                       std::to_string(current - 1) + ", older than this aafd (" +
                                       std::to_string(current) +
                                       "): the next aafd import migrates it");
    set_version(99);
    auto newer = read_only();
    REQUIRE_FALSE(newer);
    CHECK(newer.error().code == ErrorCode::Config);
    CHECK(newer.error().message == "store " + path +
                                       " has schema version 99, newer than this aafd (" +
                                       std::to_string(current) + ")");
}

// A process killed in the middle of a large first set leaves the rollback journal of the
// pages it changed: a connection that only reads cannot read the store until it is rolled
// back.
TEST_CASE("SQLite store: read only, the journal a killed write left is rolled back first") {
    test::TempDir dir;
    auto path = (dir / "store.db").string();
    {
        auto opened = open_sqlite_store(path);
        REQUIRE(opened);
        REQUIRE((*opened)->begin());
        insert(**opened, k_pupil, {{"ENTPersonJointure", {"42"}}});
        REQUIRE((*opened)->commit());
    }
    const ObjectKey killed{"poitiers", Flow::Second, Category::Pupil, "43"};
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) { // more than its 1 MiB cache holds: changed pages reach the file
        auto opened = open_sqlite_store(path, {.cache_mib = 1, .rollback_journal_from_bytes = 1});
        bool written = opened && (*opened)->begin_for_set("poitiers", Flow::Second, 1 << 20);
        Attributes attributes{{"ENTPersonNomPatro", {std::string(500, 'x')}}};
        for (int i = 0; written && i < 4000; ++i) {
            ObjectKey key = killed;
            key.id = std::to_string(43 + i);
            written = bool((*opened)->insert_object(key, {1, attributes, Entity{}, 1}));
        }
        ::_exit(written && (*opened)->find(killed) ? 0 : 1); // without a commit nor a rollback
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE(fs::exists(path + "-journal"));

    auto reader = open_sqlite_store(path, {.read_only = true});
    REQUIRE_MESSAGE(reader, reader.error().message);
    CHECK_FALSE(fs::exists(path + "-journal"));
    CHECK(test::integrity_check(path) == "ok|\n");
    auto kept = (*reader)->find(k_pupil);
    REQUIRE(kept);
    CHECK(kept->has_value());
    auto lost = (*reader)->find(killed);
    REQUIRE(lost);
    CHECK_FALSE(lost->has_value());
}

TEST_CASE("Store: a first set announced into an empty flow finds what it inserted, and nothing "
          "else") {
    Backend backend(true);
    Store& store = *backend.store;
    auto writing = store.begin_for_set("poitiers", Flow::First, 1 << 20);
    REQUIRE(writing);
    CHECK(writing->indexed_at_end);         // SQLite: its key index is built at the end
    CHECK_FALSE(writing->rollback_journal); // 1 MiB: through the WAL
    std::vector<std::int64_t> rowids;
    for (int i = 0; i < 500; ++i) {
        ObjectKey key{"poitiers", Flow::First, Category::Pupil, std::to_string(1000 + i)};
        rowids.push_back(insert(store, key, {{"ENTPersonJointure", {key.id}}}));
    }
    for (int i = 0; i < 500; i += 7) {
        auto found =
            store.find({"poitiers", Flow::First, Category::Pupil, std::to_string(1000 + i)});
        REQUIRE(found);
        REQUIRE(*found);
        CHECK((*found)->rowid == rowids[static_cast<std::size_t>(i)]);
    }
    CHECK_FALSE(*store.find({"poitiers", Flow::First, Category::Pupil, "999"}));
    CHECK_FALSE(*store.find({"poitiers", Flow::First, Category::Relative, "1000"}));

    SUBCASE("committed, every object is found by its key") {
        REQUIRE(store.commit());
        auto again = store.begin_for_set("poitiers", Flow::First, 1 << 20);
        REQUIRE(again);
        CHECK_FALSE(again->indexed_at_end); // the flow holds objects now
        auto found = store.find({"poitiers", Flow::First, Category::Pupil, "1499"});
        REQUIRE(found);
        REQUIRE(*found);
        CHECK((*found)->rowid == rowids.back());
        auto objects = store.find_objects("poitiers", "1007", {Category::Pupil});
        REQUIRE(objects);
        CHECK(objects->size() == 1);
        store.rollback();
    }
    SUBCASE("a read in the same transaction sees them through the key index") {
        auto objects = store.find_objects("poitiers", "1007", {Category::Pupil});
        REQUIRE(objects);
        CHECK(objects->size() == 1);
        ObjectKey later{"poitiers", Flow::First, Category::Pupil, "2000"};
        auto rowid = insert(store, later, {{"ENTPersonJointure", {"2000"}}});
        auto found = store.find(later);
        REQUIRE(found);
        REQUIRE(*found);
        CHECK((*found)->rowid == rowid);
        REQUIRE(store.commit());
    }
    SUBCASE("rolled back, the store is as before, its key index too") {
        store.rollback();
        auto objects = store.find_objects("poitiers", "1007", {Category::Pupil});
        REQUIRE(objects);
        CHECK(objects->empty());
    }
}

// A pupil attached to `school`, naming `relatives` (links "$10").
Attributes pupil_of(const std::string& id, const std::string& school,
                    const std::vector<std::string>& relatives) {
    AttributeValues authorities{"ENTEleveAutoriteParentale", {}};
    for (const auto& relative : relatives)
        authorities.values.push_back(relative + "$10");
    return {authorities, {"ENTPersonJointure", {id}}, {"ENTPersonStructRattach", {school}}};
}

TEST_CASE("Store: the dangling references of a first set of its flow are those of its own "
          "objects, counted as after the commit") {
    Backend backend(true);
    Store& store = *backend.store;
    // Before (set 100, never recorded): the other flow holds school 9, and a pupil of its own
    // with dangling links.
    REQUIRE(store.begin());
    insert(store, {"poitiers", Flow::Second, Category::Structure, "9"},
           {{"ENTStructureJointure", {"9"}}}, 100);
    insert(store, {"poitiers", Flow::Second, Category::Pupil, "1"},
           pupil_of("1", "404", {"500", "501"}), 100);
    REQUIRE(store.commit());

    REQUIRE(store.begin_for_set("poitiers", Flow::First, 1 << 20));
    AppliedSet set{0, "poitiers", Flow::First, SetKind::Full, {}, "2025-09-07T02:00:00.000Z"};
    auto set_id = store.begin_set(set);
    REQUIRE(set_id);
    insert(store, {"poitiers", Flow::First, Category::Relative, "77"},
           {{"ENTPersonJointure", {"77"}}}, *set_id);
    // Three pupils name relative 78, which is nowhere; school 9 is in the other flow.
    insert(store, {"poitiers", Flow::First, Category::Pupil, "42"},
           pupil_of("42", "9", {"77", "78"}), *set_id);
    insert(store, {"poitiers", Flow::First, Category::Pupil, "43"}, pupil_of("43", "10", {"78"}),
           *set_id);
    insert(store, {"poitiers", Flow::First, Category::Pupil, "44"}, pupil_of("44", "10", {"78"}),
           *set_id);
    const std::map<std::string, std::uint64_t> expected{{"relative", 3}, {"structure", 2}};
    auto in_its_transaction = store.count_dangling(*set_id);
    REQUIRE(in_its_transaction);
    CHECK(*in_its_transaction == expected);
    REQUIRE(store.commit());
    auto afterwards = store.count_dangling(*set_id);
    REQUIRE(afterwards);
    CHECK(*afterwards == expected);
    CHECK(*store.count_dangling(100) ==
          std::map<std::string, std::uint64_t>{{"relative", 2}, {"structure", 1}});
}

TEST_CASE("SQLite store: a set no larger than what is stored is indexed row by row") {
    Backend backend(true);
    Store& store = *backend.store;
    REQUIRE(store.begin());
    for (int i = 0; i < 100; ++i)
        insert(store, {"other", Flow::Second, Category::Pupil, std::to_string(i)},
               {{"ENTPersonJointure", {std::to_string(i)}}});
    REQUIRE(store.commit());
    auto small = store.begin_for_set("poitiers", Flow::First, 100 * 1000); // ≈ as many records
    REQUIRE(small);
    CHECK_FALSE(small->indexed_at_end);
    store.rollback();
    auto large = store.begin_for_set("poitiers", Flow::First, 100 * 5000); // ≈ 5 times as many
    REQUIRE(large);
    CHECK(large->indexed_at_end);
    store.rollback();
}

TEST_CASE("SQLite store: a new store has 8 KiB pages, an existing one keeps its own") {
    test::TempDir dir;
    auto fresh = (dir / "fresh.db").string();
    REQUIRE(open_sqlite_store(fresh));
    auto old = (dir / "old.db").string();
    {
        auto db = Database::open(old, OpenMode::ReadWrite);
        REQUIRE(db);
        REQUIRE(db->exec("PRAGMA page_size = 4096; CREATE TABLE earlier (x)"));
    }
    auto reopened = open_sqlite_store(old);
    REQUIRE(reopened);
    REQUIRE((*reopened)->begin());
    insert(**reopened, k_pupil, {{"ENTPersonJointure", {"42"}}});
    REQUIRE((*reopened)->commit());
    CHECK(test::read_pragma(fresh, "page_size") == "8192|\n");
    CHECK(test::read_pragma(old, "page_size") == "4096|\n");
}

TEST_CASE("SQLite store: a large first set goes through a rollback journal, then the WAL is back") {
    test::TempDir dir;
    auto path = (dir / "store.db").string();
    auto opened = open_sqlite_store(path, {.rollback_journal_from_bytes = 1 << 20});
    REQUIRE(opened);
    Store& store = **opened;
    CHECK(test::read_pragma(path, "journal_mode") == "wal|\n");

    auto small = store.begin_for_set("poitiers", Flow::First, (1 << 20) - 1);
    REQUIRE(small);
    CHECK(small->indexed_at_end);
    CHECK_FALSE(small->rollback_journal); // below the threshold
    store.rollback();

    auto writing = store.begin_for_set("poitiers", Flow::First, 1 << 20);
    REQUIRE(writing);
    CHECK(writing->indexed_at_end);
    CHECK(writing->rollback_journal);
    insert(store, k_pupil, {{"ENTPersonJointure", {"42"}}});
    CHECK(fs::exists(path + "-journal")); // the pages it changes are saved there
    CHECK_FALSE(fs::exists(path + "-wal"));

    SUBCASE("committed: the object is there and the store is in WAL mode again") {
        REQUIRE(store.commit());
        CHECK(test::read_pragma(path, "journal_mode") == "wal|\n");
        CHECK_FALSE(fs::exists(path + "-journal"));
        auto found = store.find(k_pupil);
        REQUIRE(found);
        CHECK(found->has_value());
    }
    SUBCASE("rolled back: nothing is there and the store is in WAL mode again") {
        store.rollback();
        CHECK(test::read_pragma(path, "journal_mode") == "wal|\n");
        auto found = store.find(k_pupil);
        REQUIRE(found);
        CHECK_FALSE(found->has_value());
    }
}

TEST_CASE("SQLite store: with another connection open, a large first set stays in the WAL") {
    test::TempDir dir;
    auto path = (dir / "store.db").string();
    auto opened = open_sqlite_store(path, {.rollback_journal_from_bytes = 0});
    REQUIRE(opened);
    auto reader = open_sqlite_store(path, {.read_only = true});
    REQUIRE(reader);
    auto writing = (*opened)->begin_for_set("poitiers", Flow::First, 1 << 20);
    REQUIRE(writing);
    CHECK(writing->indexed_at_end);
    CHECK_FALSE(writing->rollback_journal); // the reader could not have waited for it
    insert(**opened, k_pupil, {{"ENTPersonJointure", {"42"}}});
    REQUIRE((*opened)->commit());
    auto found = (*reader)->find(k_pupil);
    REQUIRE(found);
    CHECK(found->has_value());
    CHECK(test::read_pragma(path, "journal_mode") == "wal|\n");
}

TEST_CASE("SQLite store: opened while a first set writes it alone, a clear Busy error") {
    test::TempDir dir;
    auto path = (dir / "store.db").string();
    auto opened = open_sqlite_store(path, {.cache_mib = 1, .rollback_journal_from_bytes = 0});
    REQUIRE(opened);
    auto writing = (*opened)->begin_for_set("poitiers", Flow::First, 1 << 20);
    REQUIRE(writing);
    REQUIRE(writing->rollback_journal);
    // More than the 1 MiB cache: SQLite writes pages to the file, and locks it meanwhile.
    const std::string name(2000, 'x');
    for (int i = 0; i < 2000; ++i)
        insert(**opened, {"poitiers", Flow::First, Category::Pupil, std::to_string(i)},
               {{"ENTPersonJointure", {std::to_string(i)}}, {"ENTPersonNom", {name}}});
    auto reader = open_sqlite_store(path, {.read_only = true, .busy_timeout_ms = 0});
    REQUIRE_FALSE(reader);
    CHECK(reader.error().code == ErrorCode::Busy);
    CHECK(reader.error().message == "store " + path +
                                        " is locked by another process (an aafd import writing "
                                        "it alone?); try again when it has finished");
    (*opened)->rollback();
    CHECK(open_sqlite_store(path, {.read_only = true, .busy_timeout_ms = 0}));
}

TEST_CASE("SQLite store: the first set of a flow goes through a rollback journal even when the "
          "store holds another flow") {
    test::TempDir dir;
    auto path = (dir / "store.db").string();
    auto opened = open_sqlite_store(path, {.rollback_journal_from_bytes = 1000});
    REQUIRE(opened);
    Store& store = **opened;
    REQUIRE(store.begin());
    for (int i = 0; i < 100; ++i)
        insert(store, {"poitiers", Flow::First, Category::Pupil, std::to_string(i)},
               {{"ENTPersonJointure", {std::to_string(i)}}});
    REQUIRE(store.commit());
    auto second = store.begin_for_set("poitiers", Flow::Second, 1000);
    REQUIRE(second);
    CHECK_FALSE(second->indexed_at_end); // small beside what the store holds
    CHECK(second->rollback_journal);
    store.rollback();
    auto again = store.begin_for_set("poitiers", Flow::First, 1000);
    REQUIRE(again);
    CHECK_FALSE(again->rollback_journal); // that flow holds objects already
    store.rollback();
    CHECK(test::read_pragma(path, "journal_mode") == "wal|\n");
}
