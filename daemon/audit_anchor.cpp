// Saving the audit trail's head in the store after an import, and reading it back.
#include "daemon/audit_anchor.hpp"

#include <algorithm>

#include "sync/audit/files.hpp"
#include "sync/store/audit_heads.hpp"
#include "util/date.hpp"
#include "util/logger.hpp"

namespace aafd::cli {

Result<void> anchor_applied_sets(const std::filesystem::path& store,
                                 const std::filesystem::path& audit_dir,
                                 const std::vector<sync::SetReport>& sets,
                                 std::chrono::system_clock::time_point now) {
    auto applied = [](const sync::SetReport& set) {
        return set.outcome == sync::SetOutcome::Applied;
    };
    if (std::none_of(sets.begin(), sets.end(), applied))
        return {}; // nothing to anchor: the trail is not even read
    auto files = sync::list_audit_files(audit_dir);
    if (!files)
        return std::unexpected(files.error());
    auto head = sync::audit_trail_head(audit_dir, *files);
    if (!head)
        return std::unexpected(head.error());
    if (head->seq == 0)
        return {}; // no trail in that folder: the sets were recorded elsewhere
    for (const auto& set : sets) {
        if (set.outcome != sync::SetOutcome::Applied)
            continue;
        sync::SetAuditHead saved{set.set_id, head->seq, head->hash, to_iso_timestamp(now)};
        if (auto done = sync::save_set_audit_head(store.string(), saved); !done)
            return with_context(done.error(), "cannot anchor the audit trail in the store");
        module_logger("audit")->info("audit head set={} seq={} hash={}", set.set_id, head->seq,
                                     head->hash);
    }
    return {};
}

Result<std::vector<sync::StoredHead>> stored_heads(const std::filesystem::path& store) {
    std::vector<sync::StoredHead> heads;
    std::error_code error;
    if (!std::filesystem::exists(store, error))
        return heads;
    auto saved = sync::load_set_audit_heads(store.string());
    if (!saved)
        return std::unexpected(saved.error());
    for (const auto& head : *saved)
        heads.push_back({head.set_id, {head.seq, head.hash}, head.time});
    return heads;
}

} // namespace aafd::cli
