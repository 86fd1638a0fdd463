// Picking one person's records out of the audit trail.
#include "sync/audit/person_accesses.hpp"

#include "sync/audit/audit_log.hpp"

namespace aafd::sync {

std::vector<AuditRecord> accesses_to(const std::vector<AuditRecord>& records, const std::string& id,
                                     const std::string& source) {
    std::vector<AuditRecord> found;
    for (const auto& record : records) {
        auto named_source = record.detail("source");
        if (record.object == id && (named_source.empty() || named_source == source))
            found.push_back(record);
    }
    return found;
}

Result<std::vector<AuditRecord>> read_accesses_to(const std::filesystem::path& dir,
                                                  const std::string& id,
                                                  const std::string& source) {
    auto records = read_audit_records(dir, std::nullopt, std::nullopt);
    if (!records)
        return std::unexpected(records.error());
    return accesses_to(*records, id, source);
}

} // namespace aafd::sync
