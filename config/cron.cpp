// Parsing cron fields into bit sets and walking the calendar day by day to the next match.
#include "config/cron.hpp"

#include <charconv>
#include <optional>
#include <vector>

namespace aafd::config {
namespace {

using namespace std::chrono;

struct FieldSpec {
    std::string_view name;
    int min;
    int max;
};

constexpr FieldSpec k_fields[5] = {{"minute", 0, 59},
                                   {"hour", 0, 23},
                                   {"day-of-month", 1, 31},
                                   {"month", 1, 12},
                                   {"day-of-week", 0, 7}};

// How many calendar days the walk looks ahead: Feb 29 can be eight years away.
constexpr int k_max_days_ahead = 366 * 9;

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos)
            return parts;
        start = end + 1;
    }
}

std::vector<std::string_view> split_fields(std::string_view text) {
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        auto start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t')
            ++i;
        if (i > start)
            fields.push_back(text.substr(start, i - start));
    }
    return fields;
}

std::optional<int> to_int(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

// One comma-separated item: *, N, A-B, with an optional /STEP. Sets its bits in `bits`.
Result<void> parse_item(std::string_view item, const FieldSpec& spec, std::vector<bool>& bits) {
    int step = 1;
    if (auto slash = item.find('/'); slash != std::string_view::npos) {
        auto parsed = to_int(item.substr(slash + 1));
        if (!parsed || *parsed < 1)
            return fail(ErrorCode::Config,
                        "bad step in " + std::string(spec.name) + " '" + std::string(item) + "'");
        step = *parsed;
        item = item.substr(0, slash);
    }
    int low = spec.min;
    int high = spec.max;
    if (item != "*") {
        auto dash = item.find('-');
        auto first = to_int(item.substr(0, dash));
        auto last = dash == std::string_view::npos ? first : to_int(item.substr(dash + 1));
        if (!first || !last)
            return fail(ErrorCode::Config,
                        "bad " + std::string(spec.name) + " '" + std::string(item) + "'");
        for (int value : {*first, *last})
            if (value < spec.min || value > spec.max)
                return fail(ErrorCode::Config, std::string(spec.name) + " " +
                                                   std::to_string(value) + " is out of range " +
                                                   std::to_string(spec.min) + "-" +
                                                   std::to_string(spec.max));
        if (*last < *first)
            return fail(ErrorCode::Config,
                        "empty " + std::string(spec.name) + " range '" + std::string(item) + "'");
        low = *first;
        // "N/STEP" means from N to the end, as in cron.
        high = (dash == std::string_view::npos && step > 1) ? spec.max : *last;
    }
    for (int value = low; value <= high; value += step)
        bits[static_cast<std::size_t>(value)] = true;
    return {};
}

Result<std::vector<bool>> parse_field(std::string_view field, const FieldSpec& spec) {
    std::vector<bool> bits(static_cast<std::size_t>(spec.max) + 1, false);
    for (std::string_view item : split(field, ',')) {
        if (item.empty())
            return fail(ErrorCode::Config, "empty item in " + std::string(spec.name));
        if (auto parsed = parse_item(item, spec, bits); !parsed)
            return std::unexpected(parsed.error());
    }
    return bits;
}

template <std::size_t N>
void copy_bits(const std::vector<bool>& from, std::bitset<N>& to) {
    for (std::size_t i = 0; i < N && i < from.size(); ++i)
        to[i] = from[i];
}

// Some selected month has a selected day-of-month (February counts 29 days).
bool can_match(const CronSchedule& schedule) {
    if (!schedule.any_weekday && !schedule.any_day)
        return true;
    constexpr int k_month_days[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int month = 1; month <= 12; ++month)
        for (int day = 1; day <= k_month_days[month]; ++day)
            if (schedule.months[static_cast<std::size_t>(month)] &&
                schedule.days[static_cast<std::size_t>(day)])
                return true;
    return false;
}

bool day_matches(const CronSchedule& schedule, const year_month_day& date) {
    if (!schedule.months[static_cast<unsigned>(date.month())])
        return false;
    bool by_day = schedule.days[static_cast<unsigned>(date.day())];
    bool by_weekday = schedule.weekdays[weekday(sys_days(date)).c_encoding()];
    if (schedule.any_day && schedule.any_weekday)
        return true;
    if (schedule.any_day)
        return by_weekday;
    if (schedule.any_weekday)
        return by_day;
    return by_day || by_weekday;
}

// The first matching minute of the day at or after `from` (minutes since midnight).
std::optional<minutes> first_time(const CronSchedule& schedule, minutes from) {
    for (auto m = from.count(); m < 24 * 60; ++m)
        if (schedule.hours[static_cast<std::size_t>(m / 60)] &&
            schedule.minutes[static_cast<std::size_t>(m % 60)])
            return minutes(m);
    return std::nullopt;
}

} // namespace

Result<CronSchedule> parse_cron(std::string_view text) {
    auto quoted = "'" + std::string(text) + "': ";
    auto fields = split_fields(text);
    if (fields.size() != 5)
        return fail(ErrorCode::Config, quoted +
                                           "expected 5 fields (minute hour day-of-month "
                                           "month day-of-week), got " +
                                           std::to_string(fields.size()));
    std::vector<std::vector<bool>> bits;
    for (std::size_t i = 0; i < 5; ++i) {
        auto parsed = parse_field(fields[i], k_fields[i]);
        if (!parsed)
            return fail(ErrorCode::Config, quoted + parsed.error().message);
        bits.push_back(std::move(*parsed));
    }
    CronSchedule schedule;
    schedule.text = std::string(text);
    copy_bits(bits[0], schedule.minutes);
    copy_bits(bits[1], schedule.hours);
    copy_bits(bits[2], schedule.days);
    copy_bits(bits[3], schedule.months);
    copy_bits(bits[4], schedule.weekdays);
    if (bits[4][7])
        schedule.weekdays[0] = true;
    schedule.any_day = fields[2] == "*";
    schedule.any_weekday = fields[4] == "*";
    if (!can_match(schedule))
        return fail(ErrorCode::Config, quoted + "no month has that day-of-month");
    return schedule;
}

system_clock::time_point next_run(const CronSchedule& schedule, system_clock::time_point now) {
    auto start = floor<minutes>(now) + minutes(1);
    auto day = floor<days>(start);
    auto from = duration_cast<minutes>(start - day);
    for (int i = 0; i < k_max_days_ahead; ++i, day += days(1), from = minutes(0)) {
        if (!day_matches(schedule, year_month_day(day)))
            continue;
        if (auto time = first_time(schedule, from))
            return day + *time;
    }
    return system_clock::time_point::max(); // unreachable: parse_cron refuses such schedules
}

} // namespace aafd::config
