// Checking an audit trail: every record's hash matches its bytes, every record
// follows the one before it (seq + 1, prev = its hash), and each day's file continues
// the previous day's, or the purge anchor, or genesis. Stops at the first damage and
// names the file, the line and the seq.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "sync/audit/chain.hpp"
#include "util/date.hpp"

namespace aafd::sync {

struct AuditDamage {
    std::filesystem::path file;
    std::size_t line = 0;
    std::optional<std::uint64_t> seq; // when the line is readable
    std::string what;
    // "<file>: line <n> (seq <s>): <what>"; line 0 (the store disagreeing): "<file>: <what>"
    std::string message() const;
};

struct AuditVerification {
    std::size_t files = 0;
    std::uint64_t records = 0;
    std::string seed; // what the first checked file continues: a file, the anchor, genesis
    AuditHead head;   // the last good record
    std::optional<AuditDamage> damage;
};

// Checks the day files from `since` on (all when nullopt). With `since`, the first
// checked file must continue the last record of the file before it. ErrorCode::Io
// when a file cannot be read; damage is a value, not an error.
Result<AuditVerification> verify_audit_trail(const std::filesystem::path& dir,
                                             std::optional<Date> since);

} // namespace aafd::sync
