// The monthly table the exchange-server convention asks for: per local day and hour
// (with the UTC offset, so that the hour repeated when clocks go back stays two rows),
// per actor, the connections (ssh.connect), the files read (sftp.read) and their
// bytes, the accesses to personal data, the records that did not end "ok", and all
// records. A pure function of the records.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/audit/audit_record.hpp"

namespace aafd::sync {

// A moment as the report shows it: the local day, hour and UTC offset.
struct LocalHour {
    std::string day;    // "2025-09-03"
    std::string hour;   // "16"
    std::string offset; // "+02:00"
};
// Reads seconds since the epoch in a time zone; the command line gives the machine's
// (localtime_r), tests a fixed one.
using LocalClock = std::function<LocalHour(std::int64_t epoch_seconds)>;
// UTC itself: offset "+00:00".
LocalHour utc_hour(std::int64_t epoch_seconds);

struct AuditReportRow {
    std::string day;    // "2025-09-03", local
    std::string hour;   // "16", local
    std::string offset; // "+02:00"
    std::string actor;
    std::uint64_t connections = 0;
    std::uint64_t files_read = 0;
    std::uint64_t bytes_read = 0;
    std::uint64_t data_accesses = 0;
    std::uint64_t not_ok = 0;
    std::uint64_t records = 0;
    bool operator==(const AuditReportRow&) const = default;
};

// person.show, structure.show, set.apply, set.dry_run, maintain.delete, and every
// export.*, feed.* and rgpd.* action.
bool is_data_access(std::string_view action);

// Rows of the records whose local time falls in `month` ("2025-09"), sorted by day,
// hour, offset and actor.
std::vector<AuditReportRow> aggregate_audit_report(const std::vector<AuditRecord>& records,
                                                   std::string_view month,
                                                   const LocalClock& local = utc_hour);

std::string audit_report_csv(const std::vector<AuditReportRow>& rows);
std::string audit_report_text(const std::vector<AuditReportRow>& rows, std::string_view month);

} // namespace aafd::sync
