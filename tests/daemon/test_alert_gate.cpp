// Specification of daemon/alert_gate.hpp: one alert per cause while it lasts, a
// `recovered` alert once a cycle that judged the cause no longer raises it.
#include <doctest/doctest.h>

#include "daemon/alert_gate.hpp"

using namespace aafd::daemon;

namespace {

Alert failed(const std::string& source, const std::string& message, const std::string& time) {
    return {"source_failed", source, message, time};
}

CycleScope sources(std::set<std::string> names) { return {std::move(names), true, true}; }

} // namespace

TEST_CASE(
    "an alert goes out once per cause, and the cause recovers when a cycle no longer raises it") {
    MemoryAlerts out;
    OpenAlerts open;
    {
        AlertGate gate(out, open);
        gate.send(failed("paris", "set refused", "T1"));
        gate.send(failed("paris", "set refused", "T1")); // the same cycle, again
        gate.send(failed("creteil", "cannot connect", "T1"));
        gate.settle(sources({"paris", "creteil"}), "T2");
    }
    REQUIRE(out.alerts.size() == 2);
    CHECK(open.size() == 2);
    {
        AlertGate gate(out, open); // the next cycle: paris still fails, creteil is fine
        gate.send(failed("paris", "set refused (again)", "T3"));
        gate.settle(sources({"paris", "creteil"}), "T4");
    }
    REQUIRE(out.alerts.size() == 3);
    const auto& recovered = out.alerts[2];
    CHECK(recovered.kind == "recovered");
    CHECK(recovered.source == "creteil");
    CHECK(recovered.cause == "source_failed");
    CHECK(recovered.time == "T4");
    CHECK(recovered.message == "source_failed since T1 is over: cannot connect");
    CHECK(open.size() == 1);
    CHECK(open.begin()->second.since == "T1");
}

TEST_CASE("a cause the cycle did not reach stays open") {
    MemoryAlerts out;
    OpenAlerts open;
    AlertGate(out, open).send(failed("paris", "x", "T1"));
    AlertGate(out, open).send({"feed_failed", "", "outbox", "T1", "ent-a"});
    AlertGate(out, open).send({"cycle_failed", "", "store", "T1"});
    REQUIRE(out.alerts.size() == 3);
    SUBCASE("another source only, no feeds, interrupted") {
        AlertGate(out, open).settle({{"creteil"}, false, false}, "T2");
        CHECK(out.alerts.size() == 3);
        CHECK(open.size() == 3);
    }
    SUBCASE("the whole cycle") {
        AlertGate(out, open).settle(sources({"paris"}), "T2");
        REQUIRE(out.alerts.size() == 6);
        CHECK(open.empty());
        CHECK(out.alerts[3].cause == "cycle_failed");
        CHECK(out.alerts[4].cause == "feed_failed");
        CHECK(out.alerts[4].provider == "ent-a");
        CHECK(out.alerts[5].cause == "source_failed");
    }
}
