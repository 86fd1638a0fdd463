// Prints an import's report for a person: per set, the outcome, the counts per
// category and operation, the warnings with their counts, and the first changes.
// Ids only: no names, no birth dates.
#pragma once

#include <ostream>

#include "sync/import_engine.hpp"

namespace aafd::cli {

void print_import_report(std::ostream& out, const sync::ImportReport& report);

} // namespace aafd::cli
