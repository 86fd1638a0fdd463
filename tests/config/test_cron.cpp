// Specification of config/cron.hpp: the cron syntax aafd accepts, its exact error
// messages, and next_run as a table of (schedule, now) -> next, all in UTC.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "config/cron.hpp"
#include "util/date.hpp"

using namespace aafd;
using namespace aafd::config;
using namespace std::chrono;

namespace {

// "2026-11-23T16:24:03Z" -> time point (tests write exact UTC instants).
system_clock::time_point at(const std::string& text) {
    auto date = parse_iso_date(text.substr(0, 10));
    REQUIRE(date.has_value());
    int h = std::stoi(text.substr(11, 2));
    int m = std::stoi(text.substr(14, 2));
    int s = std::stoi(text.substr(17, 2));
    return sys_days(*date) + hours(h) + minutes(m) + seconds(s);
}

std::string next(const std::string& schedule, const std::string& now) {
    auto parsed = parse_cron(schedule);
    REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error().message));
    return to_iso_timestamp(next_run(*parsed, at(now)));
}

std::string error_of(const std::string& schedule) {
    auto parsed = parse_cron(schedule);
    if (parsed)
        return "(no error)";
    CHECK(parsed.error().code == ErrorCode::Config);
    return parsed.error().message;
}

} // namespace

TEST_CASE("next_run: the first matching minute strictly after now, in UTC") {
    struct Case {
        std::string schedule;
        std::string now;
        std::string next;
    };
    const std::vector<Case> cases = {
        // the default run: every day at 02:00
        {"0 2 * * *", "2026-11-23T01:59:59Z", "2026-11-23T02:00:00.000Z"},
        {"0 2 * * *", "2026-11-23T02:00:00Z", "2026-11-24T02:00:00.000Z"},
        {"0 2 * * *", "2026-11-23T02:00:30Z", "2026-11-24T02:00:00.000Z"},
        {"0 2 * * *", "2026-12-31T03:00:00Z", "2027-01-01T02:00:00.000Z"},
        // the default late check: every hour
        {"0 * * * *", "2026-11-23T16:24:03Z", "2026-11-23T17:00:00.000Z"},
        {"0 * * * *", "2026-11-23T23:00:00Z", "2026-11-24T00:00:00.000Z"},
        // every minute
        {"* * * * *", "2026-11-23T16:24:03Z", "2026-11-23T16:25:00.000Z"},
        // steps, ranges and lists
        {"*/15 * * * *", "2026-11-23T16:24:03Z", "2026-11-23T16:30:00.000Z"},
        {"5/20 * * * *", "2026-11-23T16:46:00Z", "2026-11-23T17:05:00.000Z"},
        {"0 8-18/2 * * *", "2026-11-23T18:00:00Z", "2026-11-24T08:00:00.000Z"},
        {"30 1,13 * * *", "2026-11-23T02:00:00Z", "2026-11-23T13:30:00.000Z"},
        // day of week: 2026-11-23 is a Monday; 0 and 7 are Sunday
        {"0 2 * * 1-5", "2026-11-27T03:00:00Z", "2026-11-30T02:00:00.000Z"},
        {"0 2 * * 0", "2026-11-23T03:00:00Z", "2026-11-29T02:00:00.000Z"},
        {"0 2 * * 7", "2026-11-23T03:00:00Z", "2026-11-29T02:00:00.000Z"},
        // day of month and month
        {"0 0 1 * *", "2026-11-23T00:00:00Z", "2026-12-01T00:00:00.000Z"},
        {"0 0 31 * *", "2026-11-01T00:00:00Z", "2026-12-31T00:00:00.000Z"},
        {"0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00.000Z"},
        {"0 6 1 9 *", "2026-11-23T00:00:00Z", "2027-09-01T06:00:00.000Z"},
        // both days restricted: either matches (cron's rule)
        {"0 0 1 * 1", "2026-11-24T00:00:00Z", "2026-11-30T00:00:00.000Z"},
        {"0 0 1 * 1", "2026-11-30T12:00:00Z", "2026-12-01T00:00:00.000Z"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.schedule);
        CAPTURE(c.now);
        CHECK(next(c.schedule, c.now) == c.next);
    }
}

TEST_CASE("parse_cron refuses what cron would not run, with the reason") {
    struct Case {
        std::string schedule;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"", "'': expected 5 fields (minute hour day-of-month month day-of-week), got 0"},
        {"0 2 * *", "'0 2 * *': expected 5 fields (minute hour day-of-month month "
                    "day-of-week), got 4"},
        {"60 * * * *", "'60 * * * *': minute 60 is out of range 0-59"},
        {"0 24 * * *", "'0 24 * * *': hour 24 is out of range 0-23"},
        {"0 0 0 * *", "'0 0 0 * *': day-of-month 0 is out of range 1-31"},
        {"0 0 * 13 *", "'0 0 * 13 *': month 13 is out of range 1-12"},
        {"0 0 * * 8", "'0 0 * * 8': day-of-week 8 is out of range 0-7"},
        {"*/0 * * * *", "'*/0 * * * *': bad step in minute '*/0'"},
        {"a * * * *", "'a * * * *': bad minute 'a'"},
        {"5-1 * * * *", "'5-1 * * * *': empty minute range '5-1'"},
        {"1,,2 * * * *", "'1,,2 * * * *': empty item in minute"},
        {"0 0 30 2 *", "'0 0 30 2 *': no month has that day-of-month"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.schedule);
        CHECK(error_of(c.schedule) == c.message);
    }
}

TEST_CASE("parse_cron keeps the text and compares by value") {
    auto a = parse_cron("0 2 * * *");
    auto b = parse_cron("0  2 *\t* *");
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    CHECK(a->text == "0 2 * * *");
    CHECK(a->minutes.count() == 1);
    CHECK(a->hours.test(2));
    b->text = a->text;
    CHECK(*a == *b);
}
