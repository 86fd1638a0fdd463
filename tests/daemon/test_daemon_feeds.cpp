// Specification of the feeds in a daemon cycle (daemon/daemon_cycle.cpp): after the
// import of a local_dir source, every provider's batch is in its outbox; a provider that
// cannot be served fails the cycle with a `feed_failed` alert, and the others are served.
#include <algorithm>

#include <doctest/doctest.h>

#include "daemon/daemon_alerts.hpp"
#include "daemon/daemon_cycle.hpp"
#include "daemon/daemon_export_source.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::daemon;
namespace fs = std::filesystem;

namespace {

struct Fixture {
    test::TempDir dir;
    config::Config config = make_config();
    std::unique_ptr<ExportSource> exports = make_production_source();
    MemoryAlerts alerts;
    sync::MemoryAudit audit;
    std::atomic<bool> stop = false;

    config::Config make_config() {
        config::Config c = config::default_config();
        c.store_path = dir / "aafd.db";
        c.spool_path = dir / "spool";
        c.sources.resize(1);
        c.sources[0].name = "demo";
        c.sources[0].local_dir = test::source_path("fixtures/demo/20250907-Complet");
        c.providers.resize(2);
        c.providers[0].name = "ecoles";
        c.providers[0].schools = {"0860101T", "0860102U"};
        c.providers[0].outbox = dir / "outbox" / "ecoles";
        c.providers[1].name = "college";
        c.providers[1].schools = {"0860105X"};
        c.providers[1].outbox = dir / "outbox" / "college";
        return c;
    }
    CycleResult cycle() {
        return run_cycle({config, *exports, alerts, audit, stop}, {},
                         std::chrono::system_clock::now());
    }
    std::vector<std::string> files(const fs::path& folder) const {
        std::vector<std::string> names;
        std::error_code ec;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
            names.push_back(it->path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
    std::vector<std::string> actions() const {
        std::vector<std::string> names;
        for (const auto& event : audit.events)
            names.push_back(event.action);
        return names;
    }
};

} // namespace

TEST_CASE("a cycle delivers every provider's batch after the import") {
    Fixture f;
    CycleResult result = f.cycle();
    INFO((result.error ? result.error->message : ""));
    CHECK(result.ok);
    CHECK(result.sets_applied == 2);
    CHECK(f.alerts.alerts.empty());
    auto ecoles = f.files(f.config.providers[0].outbox);
    auto college = f.files(f.config.providers[1].outbox);
    REQUIRE(ecoles.size() == 1);
    REQUIRE(college.size() == 1);
    CHECK(ecoles[0].starts_with("aafd-ecoles-000000000000-"));
    CHECK(college[0].starts_with("aafd-college-000000000000-"));
    CHECK(test::read_file(f.config.providers[1].outbox / college[0]).find("\"0860101T\"") ==
          std::string::npos);
    CHECK(f.actions() == std::vector<std::string>{"set.apply", "set.apply", "accounts.provision",
                                                  "feed.deliver", "feed.deliver"});

    SUBCASE("the next cycle has nothing new to deliver") {
        CHECK(f.cycle().ok);
        CHECK(f.files(f.config.providers[0].outbox) == ecoles);
        CHECK(f.files(f.config.providers[1].outbox) == college);
    }
}

TEST_CASE("a provider that cannot be served fails the cycle, alerted, the others are served") {
    Fixture f;
    auto taken = f.dir / "taken";
    test::write_file(taken, "a regular file, not a folder");
    f.config.providers[0].outbox = taken;
    CycleResult result = f.cycle();
    CHECK_FALSE(result.ok);
    CHECK(result.sets_applied == 2);
    std::string message =
        "provider ecoles: outbox: cannot create the folder " + taken.string() + ": Not a directory";
    REQUIRE(result.error.has_value());
    CHECK(result.error->message == message);
    REQUIRE(f.alerts.alerts.size() == 1); // the provider's alert, no cycle_failed besides
    CHECK(f.alerts.alerts[0].kind == "feed_failed");
    CHECK(f.alerts.alerts[0].provider == "ecoles");
    CHECK(f.alerts.alerts[0].source.empty());
    CHECK(f.alerts.alerts[0].message == message);
    CHECK(f.files(f.config.providers[1].outbox).size() == 1);

    SUBCASE("once the outbox is fixed, the next cycle delivers the pending batch") {
        fs::remove(taken);
        f.alerts.alerts.clear();
        CycleResult again = f.cycle();
        CHECK(again.ok);
        CHECK(f.alerts.alerts.empty());
        CHECK(f.files(taken).size() == 1);
    }
}
