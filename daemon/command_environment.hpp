// What a command takes from outside its arguments and configuration: the clock reading
// it works with, and how a fetch waits between attempts. aafd reads the real clock and
// sleeps; tests pass their own, so an unreachable server costs them no time.
#pragma once

#include <chrono>

#include "sync/fetch/fetch_timing.hpp"

namespace aafd::cli {

struct CommandEnvironment {
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
    sync::FetchTiming fetch_timing;
};

} // namespace aafd::cli
