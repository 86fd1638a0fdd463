// One audit record and its JSON Lines form. The line is canonical: fields in a fixed
// order, no spaces, and the record's own hash last, computed over the bytes of the
// line without it. Verification works on those exact bytes, never on a re-serialised
// form, so any edited byte shows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.hpp"

namespace aafd::sync {

struct AuditRecord {
    std::string time; // UTC, ms: "2025-09-03T14:05:01.123Z"
    std::uint64_t seq = 0;
    std::string actor;
    std::string action;
    std::string object;
    std::string outcome;
    std::vector<std::pair<std::string, std::string>> details;
    std::string prev; // hash of the previous record of the trail
    std::string hash; // SHA-256 of the line without its hash field

    // The value of a detail, or "" when absent.
    std::string detail(std::string_view key) const;
    bool operator==(const AuditRecord&) const = default;
};

// The hash of a record whose chain of 0 records precedes it.
inline constexpr std::string_view k_audit_genesis_hash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Computes `record.hash` and returns the line (without '\n').
std::string seal_audit_record(AuditRecord& record);

// Parses one line (without '\n'). ErrorCode::BadInput when it is not JSON, a field is
// missing, or the hash field is not last. Does not check the hash: see below.
Result<AuditRecord> parse_audit_line(std::string_view line);
// True when the hash a parsed line carries is the SHA-256 of its other bytes.
bool audit_hash_matches(std::string_view line, const AuditRecord& record);

} // namespace aafd::sync
