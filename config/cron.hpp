// Cron-like schedules for [schedule]: five fields (minute hour day-of-month month
// day-of-week) with '*', lists, ranges and steps, parsed into a value, and the pure
// "when next" function. Times are UTC: no daylight-saving gaps or repeats.
#pragma once

#include <bitset>
#include <chrono>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace aafd::config {

struct CronSchedule {
    std::string text; // as written, for messages and rendering
    std::bitset<60> minutes;
    std::bitset<24> hours;
    std::bitset<32> days;    // 1-31
    std::bitset<13> months;  // 1-12
    std::bitset<7> weekdays; // 0-6, Sunday = 0 (7 is read as 0)
    bool any_day = true;     // day-of-month was '*'
    bool any_weekday = true; // day-of-week was '*'

    bool operator==(const CronSchedule&) const = default;
};

// Errors (ErrorCode::Config): "'<text>': <what is wrong>", e.g. "'61 * * * *': minute 61
// is out of range 0-59". A schedule that can never match (31 2 *) is refused too.
Result<CronSchedule> parse_cron(std::string_view text);

// The first minute strictly after `now` that the schedule matches (UTC). As in cron,
// when both day-of-month and day-of-week are restricted, a day matching either counts.
std::chrono::system_clock::time_point next_run(const CronSchedule& schedule,
                                               std::chrono::system_clock::time_point now);

} // namespace aafd::config
