// Removing audit days past retention, leaving an anchor.
#include "sync/audit/purge.hpp"

#include <cerrno>
#include <unistd.h>

#include "util/file.hpp"

namespace aafd::sync {
namespace {

Result<AuditPurge> plan(const std::filesystem::path& dir, unsigned retention_days, Date today) {
    auto files = list_audit_files(dir);
    if (!files)
        return std::unexpected(files.error());
    Date cutoff{std::chrono::sys_days(today) - std::chrono::days(retention_days)};
    AuditPurge purge;
    for (std::size_t i = 0; i + 1 < files->size(); ++i)
        if ((*files)[i].day < cutoff)
            purge.files.push_back((*files)[i]);
    if (purge.files.empty())
        return purge;
    auto head = audit_trail_head(dir, purge.files);
    if (!head)
        return std::unexpected(head.error());
    purge.anchor = AuditAnchor{purge.files.back().day, *head};
    return purge;
}

} // namespace

Result<AuditPurge> purge_audit_trail(const std::filesystem::path& dir, unsigned retention_days,
                                     Date today, PurgeMode mode) {
    std::optional<AuditLock> lock;
    if (mode == PurgeMode::Remove) {
        auto acquired = AuditLock::acquire(dir);
        if (!acquired)
            return std::unexpected(acquired.error());
        lock.emplace(std::move(*acquired));
    }
    auto purge = plan(dir, retention_days, today);
    if (!purge || mode == PurgeMode::Plan || !purge->anchor)
        return purge;
    if (auto written = write_audit_anchor(dir, *purge->anchor); !written)
        return std::unexpected(written.error());
    for (const auto& file : purge->files)
        if (::unlink(file.path.c_str()) != 0)
            return audit_io_error("cannot remove audit file", file.path, errno);
    if (auto synced = fsync_dir(dir); !synced)
        return std::unexpected(synced.error());
    return purge;
}

} // namespace aafd::sync
