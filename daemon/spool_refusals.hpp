// Sets of a source's spool the daemon refused for a reason retrying cannot change (bad
// input, incomplete, older than the store, a tripped deletion guard): each remembered with
// the files of ready/ as they were, so that the next cycles pass the source's spool over
// until those files change (a missing chunk arrives, a file is re-sent) or an operator
// acts (`aafd spool accept|skip|refetch`). Kept in the daemon's state file.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace aafd::daemon {

struct SpoolRefusal {
    std::string fingerprint; // ready/ when refused: ready_fingerprint()
    std::string set;         // the refused set's label ("2D Complet 2025-09-07")
    std::string kind;        // the alert it raised: source_failed or deletion_guard
    std::string reason;      // the refusal's message
    std::string since;       // ISO time of the refusal
    bool operator==(const SpoolRefusal&) const = default;
};
using SpoolRefusals = std::map<std::string, SpoolRefusal>; // by source

// Whether a set refused with `code` would be refused again, however often retried.
bool lasting_refusal(ErrorCode code);

// The names, sizes and modification times of `entries` (a source's ready/ files).
std::string ready_fingerprint(const std::vector<std::filesystem::path>& entries);

} // namespace aafd::daemon
