// One cycle of the daemon: for each source, fetch (through an ExportSource), import
// the ready sets one by one (the engine's guards apply), move their files to the spool's
// applied/<date>/ (sync/fetch/spool.hpp) and prune old ones; then maintenance. A set
// refused for a lasting reason is remembered (spool_refusals.hpp) and not retried while
// ready/ stays the same. `now` is read
// once by the caller. Failures are values in the result, alerted here; the caller's
// one catch-all handles the unexpected.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/alert_gate.hpp"
#include "daemon/daemon_alerts.hpp"
#include "daemon/daemon_export_source.hpp"
#include "daemon/spool_refusals.hpp"
#include "sync/audit/audit_sink.hpp"

namespace aafd::daemon {

struct CycleResult {
    bool ok = true;
    bool interrupted = false;   // stopped between sets on request
    std::optional<Error> error; // the first failure
    std::uint64_t sets_applied = 0;
    std::uint64_t records_applied = 0; // records of the applied sets
    std::uint64_t bytes_fetched = 0;
    std::vector<std::string> arrived; // sources that applied a set (or re-saw one) this cycle
    CycleScope scope;                 // what the cycle reached: judges recovered alerts
    SpoolRefusals refusals;           // CycleParts::refusals, updated by this cycle
};

struct CycleParts {
    const config::Config& config;
    ExportSource& exports;
    AlertSink& alerts;
    sync::AuditSink& audit;
    const std::atomic<bool>& stop; // checked between steps and between sets
    // When an alert's event happened; the wall clock unless a test sets it.
    std::function<std::chrono::system_clock::time_point()> clock = [] {
        return std::chrono::system_clock::now();
    };
    // The lasting refusals of earlier cycles: a source whose ready/ is unchanged since is
    // not imported again (its alert stays open).
    SpoolRefusals refusals = {};
};

// Runs a cycle over `sources` (names of config.sources; all when empty).
CycleResult run_cycle(const CycleParts& parts, const std::vector<std::string>& sources,
                      std::chrono::system_clock::time_point now);

// Removes the <YYYY-MM-DD> folders of `applied_dir` (Spool::applied()) older than
// keep_days before `now`.
void prune_applied(const std::filesystem::path& applied_dir, unsigned keep_days,
                   std::chrono::system_clock::time_point now);

} // namespace aafd::daemon
