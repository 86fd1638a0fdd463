// End to end on the committed demo académie (fixtures/demo): a full set, five deltas
// and a later full set, imported in one run. If deltas are applied right, the later
// full set finds nothing to update, and the store holds what that full set alone says.
#include <map>

#include <doctest/doctest.h>

#include "sync/import/import_engine.hpp"
#include "sync/store/sqlite_store.hpp"
#include "tests/sync/import_options.hpp"
#include "tests/sync/store_dump.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

using namespace std::chrono;
const system_clock::time_point k_now = sys_days{year{2025} / September / 15};

std::unique_ptr<Store> import_into(const std::filesystem::path& db,
                                   const std::vector<std::filesystem::path>& paths,
                                   ImportReport& report, const SqliteOptions& store_options = {}) {
    auto store = open_sqlite_store(db.string(), store_options);
    REQUIRE(store);
    NoProgress progress;
    ImportOptions options = test::import_options("demo");
    ImportEngine engine(**store, options, k_now, progress);
    report = engine.run(paths);
    REQUIRE_FALSE(report.error);
    return std::move(*store);
}

// (flow, category, id) -> hash of every active object.
std::map<std::tuple<Flow, Category, std::string>, std::uint64_t> active_objects(Store& store) {
    std::map<std::tuple<Flow, Category, std::string>, std::uint64_t> objects;
    for (auto flow : {Flow::First, Flow::Second})
        for (auto category : k_all_categories)
            REQUIRE(store.for_each_in_state(
                "demo", flow, category, State::Active,
                [&](std::int64_t, const std::string& id, const std::string&) {
                    objects[{flow, category, id}] = 0;
                }));
    for (auto& [key, hash] : objects) {
        auto found = store.find({"demo", std::get<0>(key), std::get<1>(key), std::get<2>(key)});
        REQUIRE(found);
        hash = (*found)->hash;
    }
    return objects;
}

} // namespace

TEST_CASE("the demo series: deltas leave the store as the later full set describes it") {
    test::TempDir dir;
    ImportReport series;
    auto all = import_into(dir / "series.db", {test::source_path("fixtures/demo")}, series);
    REQUIRE(series.sets.size() == 14);
    for (const auto& set : series.sets)
        CHECK(set.outcome == SetOutcome::Applied);
    for (const auto& set : {series.sets[12], series.sets[13]}) {
        CAPTURE(set.label);
        CHECK(set.kind == SetKind::Full);
        CHECK(total(set.counts).updated == 0);
        CHECK(total(set.counts).restored == 0);
    }
    std::uint64_t delta_changes = 0;
    for (std::size_t i = 2; i < 12; ++i) {
        auto counts = total(series.sets[i].counts);
        delta_changes += counts.created + counts.updated + counts.disappeared;
    }
    CHECK(delta_changes > 50);

    ImportReport alone;
    auto last =
        import_into(dir / "alone.db", {test::source_path("fixtures/demo/20250914-Complet")}, alone);
    CHECK(active_objects(*all) == active_objects(*last));
}

TEST_CASE("the demo series: a first set indexed at its end leaves the same store as row by row") {
    test::TempDir dir;
    ImportReport deferred;
    import_into(dir / "deferred.db", {test::source_path("fixtures/demo")}, deferred);
    ImportReport row_by_row;
    import_into(dir / "rows.db", {test::source_path("fixtures/demo")}, row_by_row,
                {.defer_indexes = false});
    REQUIRE(deferred.sets.size() == 14);
    REQUIRE(row_by_row.sets.size() == 14);
    CHECK(deferred.sets[0].writing.indexed_at_end); // the first set, into an empty store
    for (std::size_t i = 0; i < deferred.sets.size(); ++i) {
        CAPTURE(deferred.sets[i].label);
        CHECK(deferred.sets[i].prepared_ahead == (i < 2)); // the first set of each flow
    }
    for (std::size_t i = 2; i < deferred.sets.size(); ++i) {
        CAPTURE(deferred.sets[i].label);
        CHECK_FALSE(deferred.sets[i].writing.indexed_at_end); // its flow holds objects already
    }
    for (const auto& set : row_by_row.sets)
        CHECK_FALSE(set.writing.indexed_at_end);
    CHECK(test::integrity_check((dir / "deferred.db").string()) == "ok|\n");
    CHECK(test::dump_store((dir / "deferred.db").string()) ==
          test::dump_store((dir / "rows.db").string()));
}
