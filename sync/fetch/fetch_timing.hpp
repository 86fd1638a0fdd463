// How a fetch retries a connection that failed: how many attempts, the backoff between
// them (backoff.hpp), and how it waits. Production sleeps on the real clock; tests pass
// a sleeper that records the delays, so an unreachable server costs them no time.
#pragma once

#include <chrono>
#include <functional>

namespace aafd::sync {

using Sleeper = std::function<void(std::chrono::milliseconds)>;

// std::this_thread::sleep_for.
void sleep_for_real(std::chrono::milliseconds delay);

struct FetchTiming {
    unsigned attempts = 4; // connection attempts, with exponential backoff and jitter
    std::chrono::milliseconds backoff_base{2000}; // first retry after 1-2 s
    std::chrono::milliseconds backoff_cap{60000}; // no retry waits more than this
    Sleeper sleep = sleep_for_real;
};

} // namespace aafd::sync
