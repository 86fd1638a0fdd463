// Prints an import's report for a person: per set, the outcome, the counts per
// category and operation, the warnings with their counts, and the first changes.
// Ids only: no names, no birth dates.
#pragma once

#include <ostream>

#include "sync/audit/audit_sink.hpp"
#include "sync/import/import_engine.hpp"

namespace aafd::cli {

void print_import_report(std::ostream& out, const sync::ImportReport& report);

// The audit record of one set of an import ("set.apply", "set.dry_run"), by `aafd import`
// and the daemon's cycle alike; `error`: the import's error, when it stopped.
sync::AuditEvent set_event(const std::string& source, const sync::SetReport& set,
                           const std::optional<Error>& error);

} // namespace aafd::cli
