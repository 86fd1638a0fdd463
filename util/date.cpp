// Parsing and printing of the three date forms aafd meets.
#include "util/date.hpp"

#include <charconv>
#include <cstdio>

namespace aafd {
namespace {

std::optional<unsigned> parse_digits(std::string_view text) {
    unsigned value = 0;
    if (text.empty())
        return std::nullopt;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value;
}

std::optional<Date> make_date(std::optional<unsigned> y, std::optional<unsigned> m,
                              std::optional<unsigned> d) {
    if (!y || !m || !d)
        return std::nullopt;
    Date date{std::chrono::year{static_cast<int>(*y)}, std::chrono::month{*m},
              std::chrono::day{*d}};
    if (!date.ok())
        return std::nullopt;
    return date;
}

} // namespace

std::optional<Date> parse_aaf_date(std::string_view text) {
    if (text.size() != 10 || text[2] != '/' || text[5] != '/')
        return std::nullopt;
    return make_date(parse_digits(text.substr(6, 4)), parse_digits(text.substr(3, 2)),
                     parse_digits(text.substr(0, 2)));
}

std::optional<Date> parse_compact_date(std::string_view text) {
    if (text.size() != 8)
        return std::nullopt;
    return make_date(parse_digits(text.substr(0, 4)), parse_digits(text.substr(4, 2)),
                     parse_digits(text.substr(6, 2)));
}

std::optional<Date> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    return make_date(parse_digits(text.substr(0, 4)), parse_digits(text.substr(5, 2)),
                     parse_digits(text.substr(8, 2)));
}

std::string to_iso(Date date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

std::string to_compact(Date date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

std::string to_iso_timestamp(std::chrono::system_clock::time_point instant) {
    using namespace std::chrono;
    auto day = floor<days>(instant);
    hh_mm_ss<milliseconds> time{duration_cast<milliseconds>(instant - day)};
    char buffer[40];
    std::snprintf(
        buffer, sizeof buffer, "%sT%02d:%02d:%02d.%03dZ", to_iso(year_month_day{day}).c_str(),
        static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
    return buffer;
}

Date utc_date(std::chrono::system_clock::time_point instant) {
    return Date{std::chrono::floor<std::chrono::days>(instant)};
}

} // namespace aafd
