// The accesses to one person recorded in the audit trail, for `aafd rgpd export` (RGPD
// art. 15: who saw the data, when, and how): the records whose object is the person's
// AAF id, of its source when the record names one (`show person`, `rgpd export`,
// `account reset-code`…).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sync/audit/audit_record.hpp"
#include "util/error.hpp"

namespace aafd::sync {

// Pure: the records of `records` about the person `id` of `source`, in their order.
std::vector<AuditRecord> accesses_to(const std::vector<AuditRecord>& records, const std::string& id,
                                     const std::string& source);

// The same, read from every day file of the trail in `dir`.
Result<std::vector<AuditRecord>> read_accesses_to(const std::filesystem::path& dir,
                                                  const std::string& id, const std::string& source);

} // namespace aafd::sync
