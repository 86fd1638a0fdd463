// Exponential backoff with jitter.
#include "sync/fetch/backoff.hpp"

#include <algorithm>

namespace aafd::sync {

std::chrono::milliseconds backoff_delay(unsigned attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double random) {
    auto step = base.count() > 0 ? base.count() : 0;
    for (unsigned i = 0; i < attempt && step < cap.count(); ++i)
        step *= 2;
    step = std::min<std::chrono::milliseconds::rep>(step, cap.count());
    random = std::clamp(random, 0.0, 1.0);
    auto half = step / 2;
    auto jitter =
        static_cast<std::chrono::milliseconds::rep>(static_cast<double>(step - half) * random);
    return std::chrono::milliseconds(half + jitter);
}

} // namespace aafd::sync
