// Calendar dates as the AAF writes them (dd/MM/yyyy in records, YYYYMMDD in file
// names) and as aafd stores and prints them (ISO 8601, YYYY-MM-DD).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace aafd {

using Date = std::chrono::year_month_day;

// "16/09/2024" -> 2024-09-16; nullopt when not a valid date in that form.
std::optional<Date> parse_aaf_date(std::string_view text);
// "20240916" -> 2024-09-16.
std::optional<Date> parse_compact_date(std::string_view text);
// "2024-09-16" -> 2024-09-16.
std::optional<Date> parse_iso_date(std::string_view text);
std::string to_iso(Date date);
std::string to_compact(Date date);

// A UTC wall-clock instant printed as "2024-09-16T02:00:00.123Z".
std::string to_iso_timestamp(std::chrono::system_clock::time_point instant);
Date utc_date(std::chrono::system_clock::time_point instant);

} // namespace aafd
