// Alerts: a source that failed, a tripped deletion guard, a refused host key, a
// provider's failed feed, a failed cycle, a late set, and a cause that recovered (every
// kind is described in docs/alerts.md). Each is logged and handed to the configured
// command ([alerts] command) with its details in AAFD_ALERT_* environment variables and
// as JSON on its standard input. A failing or hanging command is logged (and killed
// after the timeout), never fatal. The daemon sends them through an AlertGate.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace aafd::daemon {

struct Alert {
    std::string kind;     // "source_failed", "deletion_guard", "host_key", "feed_failed",
                          // "cycle_failed", "late_set", "recovered"
    std::string source;   // the source's name, or "" when no source is at fault
    std::string message;  // ids and file names only, never personal data
    std::string time;     // ISO timestamp of the event (when it was seen)
    std::string provider; // the provider's name (feed_failed), or ""
    std::string cause;    // recovered: the kind of alert that is over; else ""
};

class AlertSink {
public:
    virtual ~AlertSink() = default;
    virtual void send(const Alert& alert) = 0;
};

// The JSON object written on the command's standard input.
std::string alert_json(const Alert& alert);

// Logs each alert, then runs the configured command (if any) and waits for it.
class CommandAlerts final : public AlertSink {
public:
    explicit CommandAlerts(config::Alerts options) : m_options(std::move(options)) {}
    void send(const Alert& alert) override;

private:
    config::Alerts m_options;
};

// Keeps alerts in memory, for tests.
class MemoryAlerts final : public AlertSink {
public:
    void send(const Alert& alert) override { alerts.push_back(alert); }
    std::vector<Alert> alerts;
};

} // namespace aafd::daemon
