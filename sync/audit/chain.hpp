// The SHA-256 chain of the audit trail: each record carries the hash of the one
// before it and the next sequence number. The first record of a day's file continues
// the last record of the previous day's file; the first record of a trail follows
// the genesis head (seq 0, hash of zeros), or the anchor a purge left.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sync/audit/audit_record.hpp"
#include "sync/audit/audit_sink.hpp"

namespace aafd::sync {

// The last record of a chain, as much of it as the next one needs.
struct AuditHead {
    std::uint64_t seq = 0;
    std::string hash = std::string(k_audit_genesis_hash);
    bool operator==(const AuditHead&) const = default;
};

inline AuditHead head_of(const AuditRecord& record) { return {record.seq, record.hash}; }

// The record that follows `head`, sealed; `line` receives its JSON line.
AuditRecord chain_record(const AuditHead& head, const AuditEvent& event, const std::string& actor,
                         const std::string& time, std::string& line);

enum class ChainBreak { None, Sequence, PrevHash };

// How `record` fails to follow `head`, if it does.
ChainBreak chain_break(const AuditHead& head, const AuditRecord& record);

} // namespace aafd::sync
