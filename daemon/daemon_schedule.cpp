// The daemon's pure timing decisions: next wake-up, retry backoff, late sources.
#include "daemon/daemon_schedule.hpp"

#include <algorithm>

#include "util/date.hpp"

namespace aafd::daemon {

using namespace std::chrono;

std::string_view wake_kind_name(WakeKind kind) {
    switch (kind) {
    case WakeKind::Run:
        return "run";
    case WakeKind::LateCheck:
        return "late-check";
    case WakeKind::Retry:
        return "retry";
    }
    return "run";
}

seconds retry_delay(const config::Schedule& schedule, unsigned failures) {
    seconds delay = schedule.retry_min;
    for (unsigned i = 1; i < failures && delay < schedule.retry_max; ++i)
        delay *= 2;
    return std::min(delay, schedule.retry_max);
}

Wake next_wake(const config::Schedule& schedule, TimePoint now, unsigned failures) {
    Wake wake{config::next_run(schedule.run, now), WakeKind::Run};
    if (failures > 0) {
        TimePoint retry = now + retry_delay(schedule, failures);
        if (retry < wake.at)
            wake = {retry, WakeKind::Retry};
    }
    TimePoint check = config::next_run(schedule.late_check, now);
    if (check < wake.at)
        wake = {check, WakeKind::LateCheck};
    return wake;
}

std::vector<std::string> sources_waiting(const config::Config& config, const DaemonState& state,
                                         TimePoint now) {
    std::string today = to_iso(utc_date(now));
    std::vector<std::string> waiting;
    for (const auto& source : config.sources) {
        auto it = state.sources.find(source.name);
        if (it == state.sources.end() || it->second.last_arrival != today)
            waiting.push_back(source.name);
    }
    return waiting;
}

std::vector<std::string> late_sources(const config::Config& config, const DaemonState& state,
                                      TimePoint now) {
    auto midnight = floor<days>(now);
    if (now < midnight + config.schedule.expected_by)
        return {};
    std::string today = to_iso(utc_date(now));
    std::vector<std::string> late;
    for (const auto& name : sources_waiting(config, state, now)) {
        auto it = state.sources.find(name);
        if (it == state.sources.end() || it->second.late_alerted != today)
            late.push_back(name);
    }
    return late;
}

} // namespace aafd::daemon
