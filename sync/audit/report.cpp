// Aggregating audit records into the monthly report, and printing it.
#include "sync/audit/report.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <tuple>

namespace aafd::sync {
namespace {

std::uint64_t size_of(const AuditRecord& record) {
    std::string text = record.detail("size");
    std::uint64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

void count(AuditReportRow& row, const AuditRecord& record) {
    ++row.records;
    if (record.outcome != "ok")
        ++row.not_ok;
    if (record.action == "ssh.connect")
        ++row.connections;
    if (record.action == "sftp.read" && record.outcome == "ok") {
        ++row.files_read;
        row.bytes_read += size_of(record);
    }
    if (is_data_access(record.action) && record.outcome == "ok")
        ++row.data_accesses;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

int number(std::string_view text) {
    int value = -1;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : -1;
}

// "2025-09-03T14:05:00.000Z" as seconds since the epoch; nothing when malformed.
std::optional<std::int64_t> epoch_seconds(const std::string& time) {
    if (time.size() < 19 || time[4] != '-' || time[10] != 'T' || time[13] != ':')
        return std::nullopt;
    int year = number(time.substr(0, 4)), month = number(time.substr(5, 2)),
        day = number(time.substr(8, 2)), hour = number(time.substr(11, 2)),
        minute = number(time.substr(14, 2)), second = number(time.substr(17, 2));
    std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                     std::chrono::day(day)};
    if (!date.ok() || hour < 0 || minute < 0 || second < 0)
        return std::nullopt;
    auto days = std::chrono::sys_days(date).time_since_epoch();
    return std::chrono::duration_cast<std::chrono::seconds>(days).count() + hour * 3600 +
           minute * 60 + second;
}

} // namespace

LocalHour utc_hour(std::int64_t epoch_seconds) {
    std::chrono::sys_seconds moment{std::chrono::seconds(epoch_seconds)};
    auto day = std::chrono::floor<std::chrono::days>(moment);
    std::chrono::year_month_day date(day);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    char hour[4];
    std::snprintf(hour, sizeof hour, "%02d",
                  static_cast<int>(std::chrono::floor<std::chrono::hours>(moment - day).count()));
    return {text, hour, "+00:00"};
}

bool is_data_access(std::string_view action) {
    for (std::string_view exact :
         {"person.show", "structure.show", "set.apply", "set.dry_run", "maintain.delete"})
        if (action == exact)
            return true;
    for (std::string_view prefix : {"export.", "feed.", "rgpd."})
        if (action.starts_with(prefix))
            return true;
    return false;
}

std::vector<AuditReportRow> aggregate_audit_report(const std::vector<AuditRecord>& records,
                                                   std::string_view month,
                                                   const LocalClock& local) {
    std::map<std::tuple<std::string, std::string, std::string, std::string>, AuditReportRow> rows;
    for (const auto& record : records) {
        auto seconds = epoch_seconds(record.time);
        if (!seconds)
            continue;
        LocalHour at = local(*seconds);
        if (!at.day.starts_with(month) || at.day.size() <= month.size() ||
            at.day[month.size()] != '-')
            continue;
        auto& row = rows[{at.day, at.hour, at.offset, record.actor}];
        row.day = at.day;
        row.hour = at.hour;
        row.offset = at.offset;
        row.actor = record.actor;
        count(row, record);
    }
    std::vector<AuditReportRow> sorted;
    for (auto& [key, row] : rows)
        sorted.push_back(std::move(row));
    return sorted;
}

std::string audit_report_csv(const std::vector<AuditReportRow>& rows) {
    std::string csv =
        "date,hour,utc_offset,actor,connections,files_read,bytes_read,data_accesses,not_ok,"
        "records\n";
    for (const auto& r : rows)
        csv += r.day + "," + r.hour + ":00," + r.offset + "," + csv_field(r.actor) + "," +
               std::to_string(r.connections) + "," + std::to_string(r.files_read) + "," +
               std::to_string(r.bytes_read) + "," + std::to_string(r.data_accesses) + "," +
               std::to_string(r.not_ok) + "," + std::to_string(r.records) + "\n";
    return csv;
}

std::string audit_report_text(const std::vector<AuditReportRow>& rows, std::string_view month) {
    std::string text = "audit report " + std::string(month) + " (local time)\n";
    text += "date       hour   offset actor                    connections files_read   "
            "bytes_read data_accesses not_ok records\n";
    char buffer[256];
    for (const auto& r : rows) {
        std::snprintf(
            buffer, sizeof buffer, "%s %s:00 %s %-24s %11llu %10llu %12llu %13llu %6llu %7llu\n",
            r.day.c_str(), r.hour.c_str(), r.offset.c_str(), r.actor.c_str(),
            static_cast<unsigned long long>(r.connections),
            static_cast<unsigned long long>(r.files_read),
            static_cast<unsigned long long>(r.bytes_read),
            static_cast<unsigned long long>(r.data_accesses),
            static_cast<unsigned long long>(r.not_ok), static_cast<unsigned long long>(r.records));
        text += buffer;
    }
    if (rows.empty())
        text += "no records\n";
    return text;
}

} // namespace aafd::sync
