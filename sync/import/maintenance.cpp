// Moving objects past their grace period from disappeared to deleted.
#include "sync/import/maintenance.hpp"

#include "util/date.hpp"
#include "util/logger.hpp"

namespace aafd::sync {

Result<MaintenanceReport> run_maintenance(Store& store, const MaintenanceOptions& options,
                                          std::chrono::system_clock::time_point now) {
    MaintenanceReport report;
    auto today = std::chrono::floor<std::chrono::days>(now);
    report.cutoff = to_iso(Date{today - std::chrono::days{options.grace_days}});
    std::string at = to_iso_timestamp(now);
    std::string since = to_iso(Date{today});
    auto body = [&]() -> Result<void> {
        auto due = store.disappeared_before(report.cutoff);
        if (!due)
            return std::unexpected(due.error());
        for (const auto& [rowid, key] : *due) {
            if (auto done = store.set_state(rowid, State::Deleted, since); !done)
                return done;
            JournalEntry entry{0, 0, rowid, key, JournalOp::Delete, {"grace period over"}, at};
            if (auto done = store.append_journal(entry); !done)
                return done;
            ++report.deleted[key.category];
        }
        return {};
    };
    if (auto begun = store.begin(); !begun)
        return std::unexpected(begun.error());
    auto done = body();
    if (!done || options.dry_run) {
        store.rollback();
        if (!done)
            return std::unexpected(done.error());
        return report;
    }
    if (auto committed = store.commit(); !committed) {
        store.rollback();
        return std::unexpected(committed.error());
    }
    std::uint64_t total = 0;
    for (const auto& [category, n] : report.deleted)
        total += n;
    module_logger("maintenance")->info("maintenance cutoff={} deleted={}", report.cutoff, total);
    return report;
}

} // namespace aafd::sync
