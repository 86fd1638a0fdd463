// What the daemon remembers between cycles and restarts: the last cycle's outcome, the
// next run, the counters behind the metrics, per source the day its last set arrived,
// the alerts still open (not yet recovered) and the sets refused for good. Kept as a small JSON
// file next to the store (written atomically), read by `aafd status`; the Prometheus textfile is
// rendered from it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "daemon/alert_gate.hpp"
#include "daemon/spool_refusals.hpp"
#include "util/error.hpp"

namespace aafd::daemon {

struct CycleRecord {
    std::string started; // ISO timestamps (UTC)
    std::string finished;
    std::string outcome; // "ok", "failed", "interrupted"
    std::string message; // why it failed; empty when ok
    std::uint64_t sets_applied = 0;
    std::uint64_t records_applied = 0;
    std::uint64_t bytes_fetched = 0;
    bool operator==(const CycleRecord&) const = default;
};

struct SourceState {
    std::string last_arrival; // ISO date of the last cycle that applied a set of it
    std::string late_alerted; // ISO date of the last "late" alert
    bool operator==(const SourceState&) const = default;
};

struct DaemonState {
    std::optional<CycleRecord> last_cycle;
    std::string next_run; // ISO timestamp, with the kind: "2026-11-24T02:00:00.000Z (run)"
    unsigned consecutive_failures = 0;
    std::int64_t last_success_unix = 0; // seconds; 0: never
    std::uint64_t cycles_total = 0;
    std::uint64_t failures_total = 0;
    std::uint64_t records_applied_total = 0;
    std::uint64_t bytes_fetched_total = 0;
    std::map<std::string, SourceState> sources;
    OpenAlerts open_alerts; // alerts sent and not yet recovered, by cause
    SpoolRefusals refusals; // sets refused for good, by source, until ready/ changes
    bool operator==(const DaemonState&) const = default;
};

// <store folder>/<store name without extension>.state.json
std::filesystem::path state_file_for(const std::filesystem::path& store_path);

// A missing file is a fresh state. ErrorCode::BadInput for a damaged one, Io for one
// that cannot be read (another user's, without read permission).
Result<DaemonState> load_state(const std::filesystem::path& path);
Result<void> save_state(const std::filesystem::path& path, const DaemonState& state);

std::string state_to_json(const DaemonState& state, int indent = 2);

// The node-exporter textfile: HELP, TYPE and one sample per metric.
std::string render_metrics(const DaemonState& state);

} // namespace aafd::daemon
