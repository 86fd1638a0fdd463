// Anchoring the audit trail in the store after an import (attack M3 of issue 20): once its
// sets are recorded in the trail, the trail's head is saved with each applied set
// (sync/store/audit_heads) and logged, ids and hash only; `aafd audit verify` checks the
// trail against these heads (sync/audit/store_anchor).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "sync/audit/store_anchor.hpp"
#include "sync/import/import_engine.hpp"
#include "util/error.hpp"

namespace aafd::cli {

// Saves the head of the trail in `audit_dir` for every applied set of `sets`.
Result<void> anchor_applied_sets(const std::filesystem::path& store,
                                 const std::filesystem::path& audit_dir,
                                 const std::vector<sync::SetReport>& sets,
                                 std::chrono::system_clock::time_point now);

// The heads the store at `store` recorded, none when it does not exist.
Result<std::vector<sync::StoredHead>> stored_heads(const std::filesystem::path& store);

} // namespace aafd::cli
