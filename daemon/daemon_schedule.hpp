// When the daemon wakes next and whether a source is late: pure functions of the
// configuration, the persisted state and `now` (UTC), tested without an io_context.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/daemon_state.hpp"

namespace aafd::daemon {

using TimePoint = std::chrono::system_clock::time_point;

enum class WakeKind { Run, LateCheck, Retry };
std::string_view wake_kind_name(WakeKind kind);

struct Wake {
    TimePoint at;
    WakeKind kind = WakeKind::Run;
    bool operator==(const Wake&) const = default;
};

// The delay before retrying after `failures` consecutive failed cycles (>= 1):
// retry_min, doubled with each further failure, at most retry_max.
std::chrono::seconds retry_delay(const config::Schedule& schedule, unsigned failures);

// The next wake-up after `now`: the earliest of the next run, the next late check and,
// after failures, the retry. On a tie a run wins over a retry, a retry over a check.
Wake next_wake(const config::Schedule& schedule, TimePoint now, unsigned failures);

// Sources that have not brought a set today (UTC): a late check runs a cycle for them.
std::vector<std::string> sources_waiting(const config::Config& config, const DaemonState& state,
                                         TimePoint now);

// Sources still waiting once expected_by has passed today and not yet alerted today.
std::vector<std::string> late_sources(const config::Config& config, const DaemonState& state,
                                      TimePoint now);

} // namespace aafd::daemon
