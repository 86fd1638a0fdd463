// Specification of daemon/daemon_state.hpp: the state file round trip (its mode) and the
// metrics textfile format. The atomic write itself: tests/util/test_file.cpp.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "daemon/daemon_state.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::daemon;

TEST_CASE("the state file sits next to the store") {
    CHECK(state_file_for("/var/lib/aafd/aafd.db") == "/var/lib/aafd/aafd.state.json");
}

TEST_CASE("the state saves and loads back equal") {
    test::TempDir dir;
    auto path = dir / "aafd.state.json";
    SUBCASE("a missing file is a fresh state") {
        auto loaded = load_state(path);
        REQUIRE(loaded.has_value());
        CHECK(*loaded == DaemonState{});
    }
    SUBCASE("round trip") {
        DaemonState state;
        state.last_cycle = CycleRecord{"2026-11-23T02:00:00.000Z",
                                       "2026-11-23T02:01:00.000Z",
                                       "failed",
                                       "poitiers: bad XML",
                                       2,
                                       1234,
                                       99};
        state.next_run = "2026-11-23T02:05:00.000Z (retry)";
        state.consecutive_failures = 1;
        state.last_success_unix = 1763863200;
        state.cycles_total = 10;
        state.failures_total = 1;
        state.records_applied_total = 5000;
        state.bytes_fetched_total = 1 << 20;
        state.sources["poitiers"] = {"2026-11-22", "2026-11-23"};
        state.open_alerts["source_failed poitiers "] = {"source_failed", "poitiers", "",
                                                        "cannot connect", "2026-11-23T02:00:00Z"};
        state.refusals["poitiers"] = {"a.xml 4 1\n", "2D Complet 2026-11-22", "source_failed",
                                      "set is incomplete", "2026-11-23T02:00:01Z"};
        REQUIRE(save_state(path, state).has_value());
        auto loaded = load_state(path);
        REQUIRE(loaded.has_value());
        CHECK(*loaded == state);
        struct stat info {};
        REQUIRE(::stat(path.c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0644); // `aafd status` as another user reads it
    }
    SUBCASE("a damaged file is an error") {
        test::write_file(path, "{not json");
        auto loaded = load_state(path);
        REQUIRE_FALSE(loaded.has_value());
        CHECK(loaded.error().message == path.string() + ": not a daemon state file (bad JSON)");
    }
}

TEST_CASE("metrics follow the node-exporter textfile format") {
    DaemonState state;
    state.cycles_total = 3;
    state.failures_total = 1;
    state.records_applied_total = 42;
    state.bytes_fetched_total = 1000;
    state.last_success_unix = 1763863200;
    CHECK(render_metrics(state) ==
          "# HELP aafd_cycles_total Cycles run (fetch, import, maintenance).\n"
          "# TYPE aafd_cycles_total counter\n"
          "aafd_cycles_total 3\n"
          "# HELP aafd_cycle_failures_total Cycles that failed.\n"
          "# TYPE aafd_cycle_failures_total counter\n"
          "aafd_cycle_failures_total 1\n"
          "# HELP aafd_records_applied_total Records of applied sets.\n"
          "# TYPE aafd_records_applied_total counter\n"
          "aafd_records_applied_total 42\n"
          "# HELP aafd_bytes_fetched_total Bytes fetched from the sources.\n"
          "# TYPE aafd_bytes_fetched_total counter\n"
          "aafd_bytes_fetched_total 1000\n"
          "# HELP aafd_last_success_timestamp_seconds When the last successful cycle ended "
          "(Unix time; 0: never).\n"
          "# TYPE aafd_last_success_timestamp_seconds gauge\n"
          "aafd_last_success_timestamp_seconds 1763863200\n"
          "# HELP aafd_consecutive_failures Failed cycles since the last success.\n"
          "# TYPE aafd_consecutive_failures gauge\n"
          "aafd_consecutive_failures 0\n");
}
