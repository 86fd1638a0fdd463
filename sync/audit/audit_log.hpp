// The audit trail on disk: the AuditSink every access goes through. Appends one
// sealed JSON line per event to dir/YYYY-MM-DD.jsonl (UTC day), continuing the SHA-256
// chain across days, then mirrors the record to journald. Several processes may write
// at once: each record is read-head + append + fsync under an exclusive flock on
// dir/audit.lock, with the file opened O_APPEND. Fails closed: any error is
// ErrorCode::Io naming the file, and nothing of the record stays in the file.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sync/audit/audit_record.hpp"
#include "sync/audit/audit_sink.hpp"
#include "util/date.hpp"

namespace aafd::sync {

using AuditClock = std::function<std::chrono::system_clock::time_point()>;
using AuditMirror = std::function<void(const AuditRecord&)>;

struct AuditLogOptions {
    std::filesystem::path dir;
    std::string actor;  // resolve_actor()/process_actor() or scheduler_actor()
    AuditClock clock;   // default: the system clock, read once the lock is held
    AuditMirror mirror; // default: journald_mirror
};

class AuditLog final : public AuditSink {
public:
    explicit AuditLog(AuditLogOptions options);
    // Safe to call from several threads (the daemon's loop and its cycle).
    Result<void> record(const AuditEvent& event) override;
    void begin_cycle(std::uint64_t cycle_id) override { m_cycle = cycle_id; }
    // The record written last by this object, for tests and callers that print it.
    const std::optional<AuditRecord>& last() const { return m_last; }

private:
    Result<AuditRecord> append(const AuditEvent& event);

    std::string actor() const;

    AuditLogOptions m_options;
    std::optional<AuditRecord> m_last;
    std::mutex m_mutex;
    std::atomic<std::uint64_t> m_cycle = 0;
};

// Sends the record to journald with MESSAGE and AAFD_* fields; errors are ignored
// (the file is the trail, journald a copy that leaves the machine).
void journald_mirror(const AuditRecord& record);

// The records of the day files from `since` to `until` (inclusive, either open),
// oldest first. ErrorCode::BadInput naming file and line for a damaged line.
Result<std::vector<AuditRecord>> read_audit_records(const std::filesystem::path& dir,
                                                    std::optional<Date> since,
                                                    std::optional<Date> until);

} // namespace aafd::sync
