// Specification of daemon/daemon_cycle.hpp and daemon/daemon_alerts.hpp, in-process: a
// cycle over a fake ExportSource that serves the demo fixtures, a failing cycle, the
// spool's applied folders, and the alert command's environment, stdin and timeout.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "daemon/daemon_alerts.hpp"
#include "daemon/daemon_cycle.hpp"
#include "daemon/daemon_loop.hpp"
#include "daemon/daemon_state.hpp"
#include "sync/store/sqlite_store.hpp"
#include "tests/test_support.hpp"
#include "util/date.hpp"

using namespace aafd;
using namespace aafd::daemon;
namespace fs = std::filesystem;

namespace {

// Serves the files of a folder (or an error) as if just fetched.
class FakeSource final : public ExportSource {
public:
    Result<FetchResult> fetch(const config::Config& config, const config::Source& source,
                              sync::AuditSink&, std::chrono::system_clock::time_point) override {
        ++calls;
        if (error)
            return std::unexpected(*error);
        FetchResult result{source_spool(config, source.name).ready(), 0, {}};
        fs::create_directories(result.ready_dir);
        if (!from.empty())
            for (const auto& entry : fs::directory_iterator(from)) {
                fs::copy_file(entry.path(), result.ready_dir / entry.path().filename());
                result.bytes += entry.file_size();
            }
        from.clear(); // served once
        return result;
    }
    fs::path from;
    std::optional<Error> error;
    int calls = 0;
};

struct Fixture {
    test::TempDir dir;
    config::Config config = make_config();
    FakeSource exports;
    MemoryAlerts alerts;
    sync::MemoryAudit audit;
    std::atomic<bool> stop = false;
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();

    config::Config make_config() {
        config::Config c = config::default_config();
        c.store_path = dir / "aafd.db";
        c.spool_path = dir / "spool";
        c.sources.resize(1);
        c.sources[0].name = "demo";
        return c;
    }
    CycleResult cycle() { return run_cycle({config, exports, alerts, audit, stop}, {}, now); }
    fs::path ready() const { return dir / "spool" / "demo" / "ready"; }
    fs::path applied_today() const {
        return dir / "spool" / "demo" / "applied" / to_iso(utc_date(now));
    }
};

std::size_t count_files(const fs::path& folder) {
    std::size_t count = 0;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        ++count;
    return count;
}

} // namespace

TEST_CASE("a cycle imports the fetched sets and files them under applied/<date>") {
    Fixture f;
    auto demo = test::source_path("fixtures/demo/20250907-Complet");
    f.exports.from = demo;
    CycleResult result = f.cycle();
    CHECK(result.ok);
    CHECK_FALSE(result.error.has_value());
    CHECK(result.sets_applied == 2); // the 1D and the 2D full sets
    CHECK(result.records_applied > 0);
    CHECK(result.bytes_fetched > 0);
    CHECK(result.arrived == std::vector<std::string>{"demo"});
    CHECK(f.alerts.alerts.empty());
    CHECK(count_files(f.ready()) == 0);
    CHECK(count_files(f.applied_today()) == count_files(demo));

    auto store = sync::open_sqlite_store(f.config.store_path.string(), {.read_only = true});
    REQUIRE(store.has_value());
    auto sets = (*store)->list_sets(10);
    REQUIRE(sets.has_value());
    CHECK(sets->size() == 2);

    SUBCASE("the next cycle finds nothing new") {
        CycleResult again = f.cycle();
        CHECK(again.ok);
        CHECK(again.sets_applied == 0);
        CHECK(f.exports.calls == 2);
    }
}

TEST_CASE("a set of a flow the source does not take is filed away, not imported") {
    Fixture f;
    f.config.sources[0].flows = {"1D"};
    auto demo = test::source_path("fixtures/demo/20250907-Complet");
    f.exports.from = demo;
    CycleResult result = f.cycle();
    CHECK(result.ok);
    CHECK(result.sets_applied == 1);
    CHECK(count_files(f.ready()) == 0);
    auto store = sync::open_sqlite_store(f.config.store_path.string(), {.read_only = true});
    REQUIRE(store.has_value());
    auto sets = (*store)->list_sets(10);
    REQUIRE(sets->size() == 1);
    CHECK(sets->front().flow == Flow::First);
}

TEST_CASE("the daemon with --once runs one cycle and records it: state and metrics") {
    Fixture f;
    f.config.metrics.textfile = f.dir / "aafd.prom";
    f.exports.from = test::source_path("fixtures/demo/20250907-Complet");
    auto reload = [] { return Result<config::Config>(fail(ErrorCode::Config, "unused")); };
    Daemon daemon(f.config, reload, {.run_now = false, .once = true}, f.exports, f.audit);
    REQUIRE(daemon.run().has_value());
    auto state = load_state(state_file_for(f.config.store_path));
    REQUIRE(state.has_value());
    REQUIRE(state->last_cycle.has_value());
    CHECK(state->last_cycle->outcome == "ok");
    CHECK(state->last_cycle->sets_applied == 2);
    CHECK(state->cycles_total == 1);
    CHECK(state->records_applied_total == state->last_cycle->records_applied);
    CHECK_FALSE(state->sources.at("demo").last_arrival.empty());
    CHECK(test::read_file(f.config.metrics.textfile) == render_metrics(*state));
    CHECK(count_files(f.ready()) == 0);
    REQUIRE(f.audit.events.size() == 5);
    CHECK(f.audit.events[0].action == "daemon.start");
    CHECK(f.audit.events[1].action == "set.apply"); // the 1D and 2D full sets
    CHECK(f.audit.events[2].action == "set.apply");
    CHECK(f.audit.events[3].action == "accounts.provision"); // the cycle's feed step
    CHECK(f.audit.events[4].action == "daemon.stop");
}

TEST_CASE("a failing cycle is a value, alerted, with the file left to retry") {
    Fixture f;
    test::TempDir incoming;
    test::write_file(incoming / "ENT2DVA-ENT86_Complet_20250907_EtabEducNat_0000.xml",
                     "<?xml version=\"1.0\"?>\n<addRequest><broken");
    f.exports.from = incoming.path();
    auto event = f.now + std::chrono::seconds(42); // when the failure is seen
    CycleResult result = run_cycle(
        {f.config, f.exports, f.alerts, f.audit, f.stop, [&] { return event; }}, {}, f.now);
    CHECK_FALSE(result.ok);
    REQUIRE(result.error.has_value());
    CHECK(result.error->message.starts_with("demo: "));
    REQUIRE(f.alerts.alerts.size() == 1);
    CHECK(f.alerts.alerts[0].kind == "source_failed");
    CHECK(f.alerts.alerts[0].source == "demo");
    CHECK("demo: " + f.alerts.alerts[0].message == result.error->message);
    CHECK(f.alerts.alerts[0].time == to_iso_timestamp(event)); // not the cycle's start
    CHECK(result.scope.sources == std::set<std::string>{"demo"});
    CHECK(count_files(f.ready()) == 1);
}

TEST_CASE("a refused host key is alerted as such") {
    Fixture f;
    f.exports.error = Error{ErrorCode::Config, "host key of echange.example is not known"};
    CycleResult result = f.cycle();
    CHECK_FALSE(result.ok);
    REQUIRE(f.alerts.alerts.size() == 1); // the source's alert says it all
    CHECK(f.alerts.alerts[0].kind == "host_key");
    CHECK(f.alerts.alerts[0].source == "demo");
}

TEST_CASE("a stop request stops before the next source") {
    Fixture f;
    f.exports.from = test::source_path("fixtures/demo/20250907-Complet");
    f.stop = true;
    CycleResult result = f.cycle();
    CHECK(result.ok);
    CHECK(result.interrupted);
    CHECK(f.exports.calls == 0);
}

TEST_CASE("prune_applied removes the dated folders older than keep_days") {
    test::TempDir dir;
    for (const char* name : {"2026-10-23", "2026-10-24", "2026-11-23", "not-a-date"})
        test::write_file(dir / name / "f.xml", "x");
    auto now = std::chrono::sys_days(std::chrono::year(2026) / 11 / 23) + std::chrono::hours(2);
    prune_applied(dir.path(), 30, now);
    CHECK_FALSE(fs::exists(dir / "2026-10-23"));
    CHECK(fs::exists(dir / "2026-10-24"));
    CHECK(fs::exists(dir / "2026-11-23"));
    CHECK(fs::exists(dir / "not-a-date"));
}

TEST_CASE("the alert command gets the alert in its environment and as JSON on stdin") {
    test::TempDir dir;
    auto script = dir / "alert.sh";
    auto out = dir / "out";
    test::write_file(script, "#!/bin/sh\nenv | grep '^AAFD_ALERT_' | sort > " + out.string() +
                                 "\ncat >> " + out.string() + "\n");
    ::chmod(script.c_str(), 0755);
    CommandAlerts alerts({script, std::chrono::seconds(30)});
    alerts.send({"deletion_guard", "demo", "set \"2D Complet 2025-09-14\" refused",
                 "2026-11-23T02:00:00.000Z"});
    CHECK(test::read_file(out) ==
          "AAFD_ALERT_CAUSE=\n"
          "AAFD_ALERT_KIND=deletion_guard\n"
          "AAFD_ALERT_MESSAGE=set \"2D Complet 2025-09-14\" refused\n"
          "AAFD_ALERT_PROVIDER=\n"
          "AAFD_ALERT_SOURCE=demo\n"
          "AAFD_ALERT_TIME=2026-11-23T02:00:00.000Z\n"
          "{\"kind\":\"deletion_guard\",\"source\":\"demo\",\"message\":\"set \\\"2D Complet "
          "2025-09-14\\\" refused\",\"time\":\"2026-11-23T02:00:00.000Z\",\"provider\":\"\","
          "\"cause\":\"\"}\n");
}

TEST_CASE("a failing, hanging or missing alert command is only logged") {
    test::TempDir dir;
    Alert alert{"cycle_failed", "", "x", "2026-11-23T02:00:00.000Z"};
    SUBCASE("exits non-zero") {
        test::write_file(dir / "fail.sh", "#!/bin/sh\nexit 3\n");
        ::chmod((dir / "fail.sh").c_str(), 0755);
        CommandAlerts({dir / "fail.sh", std::chrono::seconds(30)}).send(alert);
    }
    SUBCASE("overruns its timeout: killed, with its children") {
        test::write_file(dir / "hang.sh", "#!/bin/sh\nsleep 600\n");
        ::chmod((dir / "hang.sh").c_str(), 0755);
        CommandAlerts({dir / "hang.sh", std::chrono::seconds(1)}).send(alert);
    }
    SUBCASE("does not exist") {
        CommandAlerts({dir / "missing.sh", std::chrono::seconds(30)}).send(alert);
    }
    SUBCASE("none configured") { CommandAlerts({"", std::chrono::seconds(30)}).send(alert); }
}

TEST_CASE("alert_json escapes what it carries") {
    CHECK(alert_json({"late_set", "a\"b", "line\nbreak", "t"}) ==
          "{\"kind\":\"late_set\",\"source\":\"a\\\"b\",\"message\":\"line\\nbreak\","
          "\"time\":\"t\",\"provider\":\"\",\"cause\":\"\"}");
}
