// Retention of the audit trail: whole days older than `retention_days` are removed,
// never the newest day file. Before removing them, the last seq and hash of the
// purged days are written to dir/anchor.json; verify then checks the first kept day
// against the anchor. The caller records the purge (with the anchor) in the trail
// itself, so the anchor is also covered by the chain and by journald.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <vector>

#include "sync/audit/files.hpp"

namespace aafd::sync {

struct AuditPurge {
    std::vector<AuditDayFile> files; // the days removed (or to remove)
    std::optional<AuditAnchor> anchor;
};

enum class PurgeMode { Plan, Remove };

// The days before `today - retention_days`, and with PurgeMode::Remove, removes them
// under the trail's lock. ErrorCode::Io naming the file on failure.
Result<AuditPurge> purge_audit_trail(const std::filesystem::path& dir, unsigned retention_days,
                                     Date today, PurgeMode mode);

} // namespace aafd::sync
