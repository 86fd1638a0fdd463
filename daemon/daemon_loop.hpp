// `aafd run`: the daemon shell. A Boost.Asio loop on the main thread waits for the
// schedule, signals and the watchdog; each cycle runs on one worker thread, one at a
// time, and reports back to the loop. SIGHUP re-reads the configuration (a bad one is
// logged and the old kept); SIGTERM/SIGINT stop between sets, or, past a short grace,
// exit with the running set's transaction left for SQLite to roll back. systemd is told
// READY, STATUS, WATCHDOG and STOPPING (Type=notify).
#pragma once

#include <functional>
#include <memory>

#include "config/config.hpp"
#include "daemon/daemon_export_source.hpp"
#include "sync/audit/audit_sink.hpp"
#include "util/error.hpp"

namespace aafd::daemon {

struct DaemonOptions {
    bool run_now = false; // a cycle at start, then the schedule
    bool once = false;    // one cycle at start, then exit with its outcome
};

// Re-reads the configuration for SIGHUP (with the command line's overrides).
using ConfigLoader = std::function<Result<config::Config>()>;

class DaemonLoop;

class Daemon {
public:
    Daemon(config::Config config, ConfigLoader reload, DaemonOptions options, ExportSource& exports,
           sync::AuditSink& audit);
    ~Daemon();

    // Runs until SIGTERM/SIGINT (or after one cycle with `once`). An error when start-up
    // fails (store or key unusable) or, with `once`, the cycle's error.
    Result<void> run();

private:
    std::unique_ptr<DaemonLoop> m_loop;
};

} // namespace aafd::daemon
