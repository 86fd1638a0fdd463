// Specification of the maintenance step (sync/import/maintenance.hpp).
#include <doctest/doctest.h>

#include "sync/import/maintenance.hpp"
#include "sync/store/sqlite_store.hpp"

using namespace aafd;
using namespace aafd::sync;

TEST_CASE("maintenance deletes what disappeared before the grace period, journals it") {
    auto opened = open_sqlite_store(":memory:");
    REQUIRE(opened);
    Store& store = **opened;
    Attributes attributes{{"ENTPersonJointure", {"1"}}};
    Entity entity;
    REQUIRE(store.begin());
    auto old_one =
        store.insert_object({"s", Flow::First, Category::Pupil, "1"}, {1, attributes, entity, 1});
    auto recent =
        store.insert_object({"s", Flow::First, Category::Pupil, "2"}, {1, attributes, entity, 1});
    REQUIRE(store.set_state(*old_one, State::Disappeared, "2025-06-01"));
    REQUIRE(store.set_state(*recent, State::Disappeared, "2025-08-01"));
    REQUIRE(store.commit());

    using namespace std::chrono;
    auto now = sys_days{year{2025} / September / 10} + hours{3};
    SUBCASE("a dry run says and writes nothing") {
        auto report = run_maintenance(store, {90, true}, now);
        REQUIRE(report);
        CHECK(report->cutoff == "2025-06-12");
        CHECK(report->deleted.at(Category::Pupil) == 1);
        CHECK((*store.find({"s", Flow::First, Category::Pupil, "1"}))->state == State::Disappeared);
    }
    SUBCASE("for real") {
        auto report = run_maintenance(store, {90, false}, now);
        REQUIRE(report);
        CHECK((*store.find({"s", Flow::First, Category::Pupil, "1"}))->state == State::Deleted);
        CHECK((*store.find({"s", Flow::First, Category::Pupil, "2"}))->state == State::Disappeared);
        auto journal = store.journal_after(0, 10);
        REQUIRE(journal->size() == 1);
        CHECK(journal->front().op == JournalOp::Delete);
        CHECK(journal->front().key.id == "1");
        CHECK(run_maintenance(store, {90, false}, now)->deleted.empty());
    }
}
