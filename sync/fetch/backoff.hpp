// Retry delays: exponential backoff with jitter, a pure function so the schedule is
// tested without sleeping.
#pragma once

#include <chrono>

namespace aafd::sync {

// The delay before retry number `attempt` (0 for the first retry): the exponential
// step min(cap, base * 2^attempt), of which the upper half is scaled by `random`
// ("equal jitter"), so the delay lies in [step/2, step]. `random` is in [0, 1).
std::chrono::milliseconds backoff_delay(unsigned attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double random);

} // namespace aafd::sync
