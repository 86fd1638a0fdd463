// Small audit trails for the tests: a clock the test sets, no journald copy, and
// helpers that write a few records per day and edit the files by line.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "sync/audit/audit_log.hpp"
#include "tests/test_support.hpp"

namespace aafd::test {

inline std::chrono::system_clock::time_point utc(int year, unsigned month, unsigned day,
                                                 int hour = 0, int minute = 0) {
    using namespace std::chrono;
    return sys_days(std::chrono::year{year} / month / day) + hours(hour) + minutes(minute);
}

// An AuditLog whose clock reads `*now`, mirroring to nowhere.
inline sync::AuditLog test_log(const std::filesystem::path& dir,
                               std::shared_ptr<std::chrono::system_clock::time_point> now,
                               const std::string& actor = "alice") {
    return sync::AuditLog({.dir = dir,
                           .actor = actor,
                           .clock = [now] { return *now; },
                           .mirror = [](const sync::AuditRecord&) {}});
}

// `per_day` records ("person.show", object "p<seq>") on each of the days from
// 2025-09-01, at 10:00, 10:01…
inline void write_days(const std::filesystem::path& dir, int days, int per_day) {
    auto now = std::make_shared<std::chrono::system_clock::time_point>();
    auto log = test_log(dir, now);
    int seq = 0;
    for (int day = 0; day < days; ++day)
        for (int i = 0; i < per_day; ++i) {
            *now = utc(2025, 9, 1 + static_cast<unsigned>(day), 10, i);
            if (!log.record({"person.show", "p" + std::to_string(++seq), "ok", {}}))
                throw std::runtime_error("cannot write the test trail");
        }
}

inline std::vector<std::string> file_lines(const std::filesystem::path& path) {
    std::vector<std::string> lines;
    std::string bytes = read_file(path), line;
    for (char c : bytes) {
        if (c == '\n') {
            lines.push_back(line);
            line.clear();
        } else {
            line += c;
        }
    }
    return lines;
}

inline void write_lines(const std::filesystem::path& path, const std::vector<std::string>& lines) {
    std::string bytes;
    for (const auto& line : lines)
        bytes += line + "\n";
    write_file(path, bytes);
}

} // namespace aafd::test
