// Specification of the monthly audit report (sync/audit/report.hpp), on fixed records.
#include <doctest/doctest.h>

#include "sync/audit/report.hpp"

using namespace aafd;
using sync::AuditRecord;
using sync::AuditReportRow;

namespace {

AuditRecord at(const std::string& time, const std::string& actor, const std::string& action,
               const std::string& outcome = "ok", const std::string& size = "") {
    AuditRecord record{.time = time, .actor = actor, .action = action, .outcome = outcome};
    if (!size.empty())
        record.details.emplace_back("size", size);
    return record;
}

std::vector<AuditRecord> fixed_records() {
    const std::string cycle = "scheduler:cycle-7";
    return {
        at("2025-08-31T23:59:59.999Z", cycle, "ssh.connect"), // another month
        at("2025-09-03T02:00:00.000Z", cycle, "ssh.connect"),
        at("2025-09-03T02:00:01.000Z", cycle, "ssh.auth"),
        at("2025-09-03T02:00:02.000Z", cycle, "sftp.list"),
        at("2025-09-03T02:00:03.000Z", cycle, "sftp.read", "ok", "1000"),
        at("2025-09-03T02:00:04.000Z", cycle, "sftp.read", "ok", "234"),
        at("2025-09-03T02:10:00.000Z", cycle, "set.apply"),
        at("2025-09-03T02:10:01.000Z", cycle, "ssh.disconnect"),
        at("2025-09-03T14:05:00.000Z", "alice", "person.show"),
        at("2025-09-03T14:06:00.000Z", "alice", "person.show", "not_found"),
        at("2025-09-03T14:07:00.000Z", "alice", "audit.report"),
        at("2025-09-03T14:08:00.000Z", "bob", "ssh.connect", "refused"),
        at("2025-09-04T09:00:00.000Z", "alice", "export.feed"),
    };
}

} // namespace

TEST_CASE("the report counts per day, hour and actor") {
    auto rows = sync::aggregate_audit_report(fixed_records(), "2025-09");
    std::vector<AuditReportRow> expected{
        {"2025-09-03", "02", "+00:00", "scheduler:cycle-7", 1, 2, 1234, 1, 0, 7},
        {"2025-09-03", "14", "+00:00", "alice", 0, 0, 0, 1, 1, 3},
        {"2025-09-03", "14", "+00:00", "bob", 1, 0, 0, 0, 1, 1},
        {"2025-09-04", "09", "+00:00", "alice", 0, 0, 0, 1, 0, 1},
    };
    CHECK(rows == expected);
    CHECK(sync::aggregate_audit_report(fixed_records(), "2025-10").empty());
}

TEST_CASE("the report as CSV, for the DPO") {
    auto rows = sync::aggregate_audit_report(fixed_records(), "2025-09");
    CHECK(sync::audit_report_csv(rows) ==
          "date,hour,utc_offset,actor,connections,files_read,bytes_read,data_accesses,not_ok,"
          "records\n"
          "2025-09-03,02:00,+00:00,scheduler:cycle-7,1,2,1234,1,0,7\n"
          "2025-09-03,14:00,+00:00,alice,0,0,0,1,1,3\n"
          "2025-09-03,14:00,+00:00,bob,1,0,0,0,1,1\n"
          "2025-09-04,09:00,+00:00,alice,0,0,0,1,0,1\n");
}

TEST_CASE("the report in local time: days and hours shifted, the offset shown") {
    // A fixed zone two hours ahead of UTC: 2025-08-31T23:59Z is 2025-09-01 01h there.
    sync::LocalClock paris_summer = [](std::int64_t seconds) {
        sync::LocalHour at = sync::utc_hour(seconds + 2 * 3600);
        at.offset = "+02:00";
        return at;
    };
    auto rows = sync::aggregate_audit_report(fixed_records(), "2025-09", paris_summer);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] ==
          AuditReportRow{"2025-09-01", "01", "+02:00", "scheduler:cycle-7", 1, 0, 0, 0, 0, 1});
    CHECK(rows[1].hour == "04");
    CHECK(rows[2].hour == "16");
    CHECK(sync::audit_report_csv(rows).find("\n2025-09-03,16:00,+02:00,alice,0,0,0,1,1,3\n") !=
          std::string::npos);
}

TEST_CASE("data accesses are the reads and writes of personal data") {
    for (auto action : {"person.show", "structure.show", "set.apply", "set.dry_run",
                        "maintain.delete", "export.feed", "feed.write", "rgpd.export"})
        CHECK(sync::is_data_access(action));
    for (auto action : {"ssh.connect", "sftp.read", "audit.show", "status", "person.shows"})
        CHECK_FALSE(sync::is_data_access(action));
}
