// Aggregating audit records into the monthly report, and printing it.
#include "sync/audit/report.hpp"

#include <charconv>
#include <cstdio>
#include <map>
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

} // namespace

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
                                                   std::string_view month) {
    std::map<std::tuple<std::string, std::string, std::string>, AuditReportRow> rows;
    for (const auto& record : records) {
        if (record.time.size() < 13 || !record.time.starts_with(month) ||
            record.time[month.size()] != '-')
            continue;
        std::string day = record.time.substr(0, 10);
        std::string hour = record.time.substr(11, 2);
        auto& row = rows[{day, hour, record.actor}];
        row.day = day;
        row.hour = hour;
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
        "date,hour_utc,actor,connections,files_read,bytes_read,data_accesses,not_ok,records\n";
    for (const auto& r : rows)
        csv += r.day + "," + r.hour + ":00," + csv_field(r.actor) + "," +
               std::to_string(r.connections) + "," + std::to_string(r.files_read) + "," +
               std::to_string(r.bytes_read) + "," + std::to_string(r.data_accesses) + "," +
               std::to_string(r.not_ok) + "," + std::to_string(r.records) + "\n";
    return csv;
}

std::string audit_report_text(const std::vector<AuditReportRow>& rows, std::string_view month) {
    std::string text = "audit report " + std::string(month) + " (UTC)\n";
    text += "date       hour  actor                    connections files_read   bytes_read "
            "data_accesses not_ok records\n";
    char buffer[256];
    for (const auto& r : rows) {
        std::snprintf(
            buffer, sizeof buffer, "%s %s:00 %-24s %11llu %10llu %12llu %13llu %6llu %7llu\n",
            r.day.c_str(), r.hour.c_str(), r.actor.c_str(),
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
