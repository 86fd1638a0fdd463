// The checks that stop a set before it does harm: older than what the store holds,
// already applied, or making too many people disappear at once. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sync/core/store.hpp"
#include "sync/import/set_assembly.hpp"

namespace aafd::sync {

// A set must be newer than the last applied set of its flow and kind, and not older
// than the last applied set of its flow and the other kind. ErrorCode::StaleSet.
Result<void> check_order(const ExportSet& set, const std::optional<AppliedSet>& last_same_kind,
                         const std::optional<AppliedSet>& last_other_kind);

// [import] guard_min_count and guard_max_percent (config::Import declares their defaults).
struct DeletionGuard {
    std::uint64_t min_count{};
    double max_percent{};
};

// Refuses (ErrorCode::Guard) when `vanishing` exceeds both the count and the share of
// `active_before`.
Result<void> check_deletions(const std::string& set_label, Category category,
                             std::uint64_t vanishing, std::uint64_t active_before,
                             const DeletionGuard& guard);

// Same base names and sizes as an applied set: a candidate repeat (confirm by digest).
bool has_same_files(const ExportSet& set, const AppliedSet& applied);

// SHA-256 over the files' names and digests, sorted: the identity of a set's content.
std::string set_digest(const std::vector<SetFile>& files);

} // namespace aafd::sync
