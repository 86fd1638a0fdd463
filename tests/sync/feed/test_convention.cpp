// Specification of a convention's phases (sync/feed/convention.hpp).
#include <doctest/doctest.h>

#include "sync/feed/convention.hpp"

using namespace aafd;
using namespace aafd::sync;
using namespace std::chrono;

namespace {

std::string phase(std::optional<Date> start, std::optional<Date> end, unsigned retention,
                  Date today, bool closed = false) {
    return std::string(
        convention_phase_name(convention_phase(start, end, retention, today, closed)));
}

constexpr Date k_start = year{2023} / June / 26;
constexpr Date k_end = year{2027} / August / 31;

} // namespace

TEST_CASE("a convention runs from its start to its end, both days included") {
    CHECK(phase(k_start, k_end, 92, year{2023} / June / 25) == "not_started");
    CHECK(phase(k_start, k_end, 92, k_start) == "running");
    CHECK(phase(k_start, k_end, 92, k_end) == "running");
    CHECK(phase(std::nullopt, std::nullopt, 92, year{2040} / January / 1) == "running");
}

TEST_CASE("after its end the feed stops, the final batch is due once the retention is over") {
    CHECK(phase(k_start, k_end, 92, year{2027} / September / 1) == "stopped");
    CHECK(phase(k_start, k_end, 92, year{2027} / December / 1) == "stopped"); // end + 92 days
    CHECK(phase(k_start, k_end, 92, year{2027} / December / 2) == "final_due");
    CHECK(phase(k_start, k_end, 0, year{2027} / September / 1) == "final_due");
    CHECK(phase(k_start, k_end, 92, year{2028} / January / 1, true) == "closed");
}
