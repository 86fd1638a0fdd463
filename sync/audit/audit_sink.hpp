// Where every access to the exchange account and to personal data is recorded,
// before the access is reported as done. A record that cannot be written fails the
// access (fail closed). The file implementation with its hash chain is
// sync/audit/audit_log.hpp; tests may use a memory sink.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "util/error.hpp"

namespace aafd::sync {

struct AuditEvent {
    std::string action;  // "ssh.connect", "ssh.auth", "sftp.list", "sftp.read", "ssh.disconnect",
                         // "set.apply", "person.show", "structure.show", "maintain.delete",
                         // "config.reload", "daemon.start", "daemon.stop", "audit.verify"…
    std::string object;  // ids only: a host, a file name, a set label, a person id; never names
    std::string outcome; // "ok", "refused", "failed"
    std::vector<std::pair<std::string, std::string>> details; // e.g. {"sha256", "…"}
};

class AuditSink {
public:
    virtual ~AuditSink() = default;
    // Records the event with the sink's actor and the current time. An error means
    // the record is not written: the caller must not go on with the access.
    virtual Result<void> record(const AuditEvent& event) = 0;
    // The daemon's accesses from now on belong to that scheduler cycle (0: none), so a
    // sink whose actor is the scheduler records "scheduler:cycle-N".
    virtual void begin_cycle(std::uint64_t /*cycle_id*/) {}
};

// Keeps events in memory, for tests.
class MemoryAudit final : public AuditSink {
public:
    Result<void> record(const AuditEvent& event) override {
        events.push_back(event);
        return {};
    }
    std::vector<AuditEvent> events;
};

} // namespace aafd::sync
