// The audit trail as the import engine's SetRecorder: each set is recorded as set_event
// makes it ("set.apply", "set.dry_run"), an applied one before its transaction commits,
// so that a trail that cannot be written stops the import before the set is applied.
#pragma once

#include <string>

#include "daemon/import_report.hpp"
#include "sync/audit/audit_sink.hpp"

namespace aafd::cli {

class SetAudit final : public sync::SetRecorder {
public:
    SetAudit(sync::AuditSink& audit, std::string source)
        : m_audit(audit), m_source(std::move(source)) {}
    Result<void> record(const sync::SetReport& set, const std::optional<Error>& error) override {
        return m_audit.record(set_event(m_source, set, error));
    }

private:
    sync::AuditSink& m_audit;
    std::string m_source;
};

} // namespace aafd::cli
