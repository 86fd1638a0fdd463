// Specification of daemon/daemon_schedule.hpp: retry backoff, the next wake-up and the
// late-set decisions, as pure functions of the config, the state and `now` (UTC).
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "daemon/daemon_schedule.hpp"
#include "util/date.hpp"

using namespace aafd;
using namespace aafd::daemon;
using namespace std::chrono;

namespace {

TimePoint at(int day, int hour, int minute) {
    return sys_days(year(2026) / November / day) + hours(hour) + minutes(minute);
}

config::Config two_sources() {
    config::Config config = config::default_config();
    config.sources.resize(2);
    config.sources[0].name = "poitiers";
    config.sources[1].name = "limoges";
    return config;
}

} // namespace

TEST_CASE("retry_delay doubles from retry_min up to retry_max") {
    config::Schedule schedule = config::default_config().schedule;
    const std::vector<std::pair<unsigned, seconds>> table = {
        {1, 300s}, {2, 600s}, {3, 1200s}, {4, 2400s}, {5, 3600s}, {6, 3600s}, {1000, 3600s}};
    for (auto [failures, delay] : table) {
        CAPTURE(failures);
        CHECK(retry_delay(schedule, failures) == delay);
    }
    schedule.retry_min = 7s;
    schedule.retry_max = 7s;
    CHECK(retry_delay(schedule, 3) == 7s);
}

TEST_CASE("next_wake picks the earliest of run, retry and late check") {
    config::Schedule schedule = config::default_config().schedule; // 02:00, hourly
    struct Case {
        TimePoint now;
        unsigned failures;
        Wake wake;
    };
    const std::vector<Case> cases = {
        // 01:30: the run at 02:00 also is the hourly check's minute: the run wins
        {at(23, 1, 30), 0, {at(23, 2, 0), WakeKind::Run}},
        // 16:24: the hourly check comes first
        {at(23, 16, 24), 0, {at(23, 17, 0), WakeKind::LateCheck}},
        // a failure at 16:24: retry after 5 minutes, before the check
        {at(23, 16, 24), 1, {at(23, 16, 29), WakeKind::Retry}},
        // the fifth failure waits an hour: the check at 17:00 comes first
        {at(23, 16, 24), 5, {at(23, 17, 0), WakeKind::LateCheck}},
        // a retry falling on the run's minute: the run
        {at(23, 1, 55), 1, {at(23, 2, 0), WakeKind::Run}},
    };
    for (const Case& c : cases) {
        CAPTURE(to_iso_timestamp(c.now));
        CAPTURE(c.failures);
        Wake wake = next_wake(schedule, c.now, c.failures);
        CHECK(to_iso_timestamp(wake.at) == to_iso_timestamp(c.wake.at));
        CHECK(wake_kind_name(wake.kind) == wake_kind_name(c.wake.kind));
    }
}

TEST_CASE("a source is waiting until a set of it arrives today, late after expected_by") {
    config::Config config = two_sources(); // expected_by 06:00
    DaemonState state;
    state.sources["poitiers"].last_arrival = "2026-11-23";
    state.sources["limoges"].last_arrival = "2026-11-22";

    CHECK(sources_waiting(config, state, at(23, 5, 0)) == std::vector<std::string>{"limoges"});
    SUBCASE("not late before expected_by") {
        CHECK(late_sources(config, state, at(23, 5, 59)).empty());
    }
    SUBCASE("late from expected_by on") {
        CHECK(late_sources(config, state, at(23, 6, 0)) == std::vector<std::string>{"limoges"});
    }
    SUBCASE("alerted once a day") {
        state.sources["limoges"].late_alerted = "2026-11-23";
        CHECK(late_sources(config, state, at(23, 7, 0)).empty());
        CHECK(late_sources(config, state, at(24, 7, 0)) ==
              std::vector<std::string>{"poitiers", "limoges"});
    }
    SUBCASE("a source never seen is waiting") {
        state.sources.clear();
        CHECK(sources_waiting(config, state, at(23, 5, 0)).size() == 2);
    }
}
