// Deduplicating alerts per cause and telling when a cause recovered.
#include "daemon/alert_gate.hpp"

namespace aafd::daemon {
namespace {

// Whether a cycle of `scope` would have raised `alert` again if its cause lasted.
bool judged(const OpenAlert& alert, const CycleScope& scope) {
    if (!alert.provider.empty())
        return scope.feeds;
    if (!alert.source.empty())
        return scope.sources.contains(alert.source);
    return scope.whole;
}

} // namespace

std::string alert_cause(const Alert& alert) {
    return alert.kind + " " + alert.source + " " + alert.provider;
}

void AlertGate::send(const Alert& alert) {
    auto cause = alert_cause(alert);
    m_raised.insert(cause);
    if (m_open.contains(cause))
        return;
    m_open[cause] = {alert.kind, alert.source, alert.provider, alert.message, alert.time};
    m_out.send(alert);
}

void AlertGate::settle(const CycleScope& scope, const std::string& time) {
    for (auto it = m_open.begin(); it != m_open.end();) {
        const auto& open = it->second;
        if (m_raised.contains(it->first) || !judged(open, scope)) {
            ++it;
            continue;
        }
        m_out.send({"recovered", open.source,
                    open.kind + " since " + open.since + " is over: " + open.message, time,
                    open.provider, open.kind});
        it = m_open.erase(it);
    }
}

} // namespace aafd::daemon
