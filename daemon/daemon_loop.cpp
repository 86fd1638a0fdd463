// The daemon's event loop: timers, signals, the watchdog, the cycle worker, the state
// file, metrics and sd_notify.
#include "daemon/daemon_loop.hpp"

// <utility> before Asio: Boost 1.74 needs std::exchange declared in C++20 and later.
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <thread>
#include <unistd.h>
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/system_timer.hpp>
#include <systemd/sd-daemon.h>

#include "daemon/daemon_alerts.hpp"
#include "daemon/daemon_cycle.hpp"
#include "daemon/daemon_schedule.hpp"
#include "daemon/daemon_state.hpp"
#include "sync/store/sqlite_store.hpp"
#include "util/date.hpp"
#include "util/file.hpp"
#include "util/logger.hpp"

namespace aafd::daemon {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::system_clock;

// How long SIGTERM waits for a running set before exiting without it.
constexpr auto k_stop_grace = std::chrono::seconds(10);
// The next run shown once the daemon has stopped.
constexpr const char* k_stopped = "none (daemon stopped)";

std::shared_ptr<spdlog::logger> logger() { return module_logger("daemon"); }

void notify(const std::string& message) { ::sd_notify(0, message.c_str()); }

struct CycleDone {
    CycleResult result;
    TimePoint now;
    OpenAlerts open_alerts; // after the cycle
};

// A cycle broken off by an exception: failed, alerted, and nothing learnt.
CycleResult unexpected_failure(const CycleParts& parts, const std::string& message) {
    CycleResult result;
    result.ok = false;
    result.error = Error{ErrorCode::Internal, message};
    result.refusals = parts.refusals;
    parts.alerts.send({"cycle_failed", "", message, to_iso_timestamp(Clock::now())});
    return result;
}

// One cycle with the catch-all: an exception is a failed cycle, alerted, never fatal.
CycleResult run_guarded(const CycleParts& parts, const std::vector<std::string>& sources,
                        TimePoint now) {
    try {
        return run_cycle(parts, sources, now);
    } catch (const std::exception& error) {
        return unexpected_failure(parts, std::string("unexpected: ") + error.what());
    } catch (...) {
        return unexpected_failure(parts, "unexpected non-standard exception");
    }
}

// What a cycle starts from in the daemon's state: its open alerts and lasting refusals.
struct Remembered {
    OpenAlerts open_alerts;
    SpoolRefusals refusals;
};

// A cycle from what the daemon remembers; its alerts go through a gate over the open
// ones: one per cause, then `recovered`.
CycleDone guarded_cycle(const config::Config& config, ExportSource& exports, sync::AuditSink& audit,
                        const std::atomic<bool>& stop, const std::vector<std::string>& sources,
                        Remembered remembered) {
    TimePoint now = Clock::now();
    CommandAlerts command(config.alerts);
    AlertGate gate(command, remembered.open_alerts);
    CycleParts parts{config, exports, gate, audit, stop};
    parts.refusals = std::move(remembered.refusals);
    auto result = run_guarded(parts, sources, now);
    gate.settle(result.scope, to_iso_timestamp(Clock::now()));
    return {std::move(result), now, std::move(remembered.open_alerts)};
}

} // namespace

class DaemonLoop {
public:
    DaemonLoop(config::Config config, ConfigLoader reload, DaemonOptions options,
               ExportSource& exports, sync::AuditSink& audit)
        : m_config(std::make_shared<const config::Config>(std::move(config))),
          m_reload(std::move(reload)), m_options(options), m_exports(exports), m_audit(audit),
          m_signals(m_io, SIGTERM, SIGINT, SIGHUP), m_timer(m_io), m_watchdog(m_io),
          m_stop_deadline(m_io) {}

    ~DaemonLoop() {
        if (m_worker.joinable())
            m_worker.join();
    }

    Result<void> run();

private:
    Result<void> check_usable() const;
    void wait_for_signal();
    void on_signal(int signal);
    void reload();
    void stop();
    void arm_watchdog(std::chrono::microseconds interval);
    void schedule();
    void on_wake(Wake wake);
    void start_cycle(std::vector<std::string> sources);
    void on_cycle_done(const CycleDone& done);
    void record(const CycleDone& done);
    void alert_late(TimePoint now);
    void save();
    std::string status_line() const;

    std::shared_ptr<const config::Config> m_config;
    ConfigLoader m_reload;
    DaemonOptions m_options;
    ExportSource& m_exports;
    sync::AuditSink& m_audit;
    DaemonState m_state;
    std::filesystem::path m_state_file;
    asio::io_context m_io;
    asio::signal_set m_signals;
    asio::system_timer m_timer;
    asio::steady_timer m_watchdog;
    asio::steady_timer m_stop_deadline;
    std::thread m_worker;
    std::atomic<bool> m_stop_requested = false;
    bool m_cycle_running = false;
    bool m_first = true;
    std::optional<Error> m_once_error;
};

Result<void> DaemonLoop::check_usable() const {
    auto store = sync::open_sqlite_store(m_config->store_path.string());
    if (!store)
        return std::unexpected(store.error());
    for (const auto& source : m_config->sources)
        if (!source.key.empty() && ::access(source.key.c_str(), R_OK) != 0)
            return fail(ErrorCode::Config,
                        "source " + source.name + ": cannot read key " + source.key.string());
    return {};
}

Result<void> DaemonLoop::run() {
    if (auto usable = check_usable(); !usable)
        return usable;
    // Recorded from the loop's thread only while no cycle runs: the sink has one user.
    if (auto recorded = m_audit.record({"daemon.start", m_config->file.string(), "ok", {}});
        !recorded)
        return recorded;
    m_state_file = state_file_for(m_config->store_path);
    auto state = load_state(m_state_file);
    if (!state)
        logger()->warn("state file unreadable, starting afresh: {}", state.error().message);
    else
        m_state = *state;
    wait_for_signal();
    std::uint64_t watchdog_usec = 0;
    if (::sd_watchdog_enabled(0, &watchdog_usec) > 0)
        arm_watchdog(std::chrono::microseconds(watchdog_usec / 2));
    schedule();
    notify("READY=1\nSTATUS=" + status_line());
    logger()->info("daemon started store={} sources={}", m_config->store_path.string(),
                   m_config->sources.size());
    m_io.run();
    if (m_worker.joinable())
        m_worker.join();
    if (auto recorded = m_audit.record({"daemon.stop", m_config->file.string(), "ok", {}});
        !recorded)
        logger()->error("cannot record daemon.stop: {}", recorded.error().message);
    logger()->info("daemon stopped");
    if (m_once_error)
        return std::unexpected(*m_once_error);
    return {};
}

void DaemonLoop::wait_for_signal() {
    m_signals.async_wait([this](const boost::system::error_code& ec, int signal) {
        if (ec)
            return;
        on_signal(signal);
        if (!m_stop_requested)
            wait_for_signal();
    });
}

void DaemonLoop::on_signal(int signal) {
    if (signal == SIGHUP)
        return reload();
    logger()->info("stop requested signal={} cycle_running={}", signal, m_cycle_running);
    stop();
}

void DaemonLoop::reload() {
    auto loaded = m_reload();
    if (!loaded) {
        logger()->error("reload refused, keeping the running configuration: {}",
                        loaded.error().message);
        (void)m_audit.record({"config.reload",
                              m_config->file.string(),
                              "refused",
                              {{"reason", loaded.error().message}}});
        return;
    }
    // Fail closed: a change of configuration the trail cannot record does not happen.
    if (auto recorded = m_audit.record({"config.reload", loaded->file.string(), "ok", {}});
        !recorded) {
        logger()->error("reload not applied, the audit trail cannot record it: {}",
                        recorded.error().message);
        return;
    }
    if (loaded->store_path != m_config->store_path)
        logger()->warn("reload: a new [store] path takes effect at the next start");
    loaded->store_path = m_config->store_path;
    spdlog::default_logger()->set_level(spdlog::level::from_str(loaded->logging.level));
    m_config = std::make_shared<const config::Config>(std::move(*loaded));
    logger()->info("configuration reloaded file={}", m_config->file.string());
    if (!m_cycle_running && !m_options.once)
        schedule();
}

void DaemonLoop::stop() {
    m_stop_requested = true;
    notify("STOPPING=1");
    m_state.next_run = k_stopped;
    save();
    m_timer.cancel();
    m_watchdog.cancel();
    m_signals.cancel();
    if (!m_cycle_running)
        return m_io.stop();
    m_stop_deadline.expires_after(k_stop_grace);
    m_stop_deadline.async_wait([](const boost::system::error_code& ec) {
        if (ec)
            return;
        // The worker is inside one set's transaction: leaving now leaves nothing of it
        // (SQLite rolls an uncommitted transaction back when the store is next opened).
        logger()->warn("stop: a set still importing after {}s is abandoned (rolled back)",
                       k_stop_grace.count());
        spdlog::default_logger()->flush();
        std::_Exit(0);
    });
}

void DaemonLoop::arm_watchdog(std::chrono::microseconds interval) {
    m_watchdog.expires_after(interval);
    m_watchdog.async_wait([this, interval](const boost::system::error_code& ec) {
        if (ec)
            return;
        notify("WATCHDOG=1");
        arm_watchdog(interval);
    });
}

void DaemonLoop::schedule() {
    TimePoint now = Clock::now();
    Wake wake = next_wake(m_config->schedule, now, m_state.consecutive_failures);
    if (m_first && (m_options.run_now || m_options.once))
        wake = {now, WakeKind::Run};
    m_first = false;
    m_state.next_run =
        to_iso_timestamp(wake.at) + " (" + std::string(wake_kind_name(wake.kind)) + ")";
    save();
    notify("STATUS=" + status_line());
    logger()->info("next wake at={} kind={}", to_iso_timestamp(wake.at), wake_kind_name(wake.kind));
    m_timer.expires_at(wake.at);
    m_timer.async_wait([this, wake](const boost::system::error_code& ec) {
        if (!ec)
            on_wake(wake);
    });
}

void DaemonLoop::on_wake(Wake wake) {
    if (wake.kind != WakeKind::LateCheck)
        return start_cycle({});
    auto waiting = sources_waiting(*m_config, m_state, Clock::now());
    if (!waiting.empty())
        return start_cycle(waiting);
    schedule();
}

void DaemonLoop::start_cycle(std::vector<std::string> sources) {
    m_cycle_running = true;
    if (m_worker.joinable())
        m_worker.join();
    m_audit.begin_cycle(m_state.cycles_total + 1);
    m_worker = std::thread([this, config = m_config, sources = std::move(sources),
                            remembered = Remembered{m_state.open_alerts, m_state.refusals}] {
        CycleDone done =
            guarded_cycle(*config, m_exports, m_audit, m_stop_requested, sources, remembered);
        asio::post(m_io, [this, done] { on_cycle_done(done); });
    });
}

void DaemonLoop::on_cycle_done(const CycleDone& done) {
    m_cycle_running = false;
    m_audit.begin_cycle(0);
    m_worker.join();
    m_stop_deadline.cancel();
    record(done);
    alert_late(done.now);
    if (m_stop_requested || m_options.once)
        m_state.next_run = k_stopped;
    save();
    notify("STATUS=" + status_line());
    if (m_options.once && !done.result.ok)
        m_once_error = done.result.error;
    if (m_stop_requested || m_options.once)
        return m_io.stop();
    schedule();
}

void DaemonLoop::record(const CycleDone& done) {
    const CycleResult& result = done.result;
    CycleRecord cycle;
    cycle.started = to_iso_timestamp(done.now);
    cycle.finished = to_iso_timestamp(Clock::now());
    cycle.outcome = !result.ok ? "failed" : result.interrupted ? "interrupted" : "ok";
    cycle.message = result.error ? result.error->message : "";
    cycle.sets_applied = result.sets_applied;
    cycle.records_applied = result.records_applied;
    cycle.bytes_fetched = result.bytes_fetched;
    m_state.last_cycle = cycle;
    m_state.open_alerts = done.open_alerts;
    m_state.refusals = done.result.refusals;
    ++m_state.cycles_total;
    m_state.records_applied_total += result.records_applied;
    m_state.bytes_fetched_total += result.bytes_fetched;
    if (result.ok) {
        m_state.consecutive_failures = 0;
        m_state.last_success_unix =
            std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch())
                .count();
    } else {
        ++m_state.failures_total;
        ++m_state.consecutive_failures;
    }
    for (const auto& name : result.arrived)
        m_state.sources[name].last_arrival = to_iso(utc_date(done.now));
    logger()->info("cycle done outcome={} sets_applied={} records_applied={} bytes_fetched={}",
                   cycle.outcome, cycle.sets_applied, cycle.records_applied, cycle.bytes_fetched);
}

void DaemonLoop::alert_late(TimePoint now) {
    CommandAlerts alerts(m_config->alerts);
    for (const auto& name : late_sources(*m_config, m_state, now)) {
        alerts.send(
            {"late_set", name, "no set arrived today by the expected time", to_iso_timestamp(now)});
        m_state.sources[name].late_alerted = to_iso(utc_date(now));
    }
}

void DaemonLoop::save() {
    if (auto saved = save_state(m_state_file, m_state); !saved)
        logger()->error("cannot save the state: {}", saved.error().message);
    if (m_config->metrics.textfile.empty())
        return;
    if (auto written =
            write_file_atomically(m_config->metrics.textfile, render_metrics(m_state), 0644);
        !written)
        logger()->error("cannot write the metrics: {}", written.error().message);
}

std::string DaemonLoop::status_line() const {
    std::string line = "last cycle: ";
    if (m_state.last_cycle)
        line += m_state.last_cycle->finished + " " + m_state.last_cycle->outcome + ", " +
                std::to_string(m_state.last_cycle->sets_applied) + " set(s) applied";
    else
        line += "none";
    return line + "; next: " + m_state.next_run;
}

Daemon::Daemon(config::Config config, ConfigLoader reload, DaemonOptions options,
               ExportSource& exports, sync::AuditSink& audit)
    : m_loop(std::make_unique<DaemonLoop>(std::move(config), std::move(reload), options, exports,
                                          audit)) {}

Daemon::~Daemon() = default;

Result<void> Daemon::run() { return m_loop->run(); }

} // namespace aafd::daemon
