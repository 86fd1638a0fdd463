// Alerts deduplicated per cause: a cause is an alert's kind with its source or provider.
// The first alert of a cause goes out; while the cause lasts, later cycles raising it again
// send nothing more; once a cycle that judged it no longer raises it, one `recovered`
// alert names the cause that ended. The causes still open are kept in the daemon's state
// file, so a restart neither repeats them nor forgets to say they recovered.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

#include "daemon/daemon_alerts.hpp"

namespace aafd::daemon {

// An alert sent and not yet recovered, by cause key (alert_cause).
struct OpenAlert {
    std::string kind;
    std::string source;
    std::string provider;
    std::string message;
    std::string since; // the time of its first alert
    bool operator==(const OpenAlert&) const = default;
};
using OpenAlerts = std::map<std::string, OpenAlert>;

// "kind source provider": what makes two alerts the same cause.
std::string alert_cause(const Alert& alert);

// What one cycle could judge: the causes it did not reach stay open.
struct CycleScope {
    std::set<std::string> sources; // sources fetched and imported (or tried)
    bool feeds = false;            // the feeds ran
    bool whole = false;            // the cycle ran to its end
};

class AlertGate final : public AlertSink {
public:
    // `open` is read and updated; `out` receives what goes out.
    AlertGate(AlertSink& out, OpenAlerts& open) : m_out(out), m_open(open) {}

    // Passes the alert on unless its cause is open; opens it.
    void send(const Alert& alert) override;
    // After a cycle: a `recovered` alert, at `time`, for each open cause within `scope`
    // that this cycle did not raise; the cause is closed.
    void settle(const CycleScope& scope, const std::string& time);

private:
    AlertSink& m_out;
    OpenAlerts& m_open;
    std::set<std::string> m_raised;
};

} // namespace aafd::daemon
