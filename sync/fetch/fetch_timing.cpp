// The real wait between fetch attempts.
#include "sync/fetch/fetch_timing.hpp"

#include <thread>

namespace aafd::sync {

void sleep_for_real(std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); }

} // namespace aafd::sync
