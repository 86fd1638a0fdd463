// A provider's phase, last delivery, pending batches and last error, for both status
// commands.
#include "daemon/provider_status.hpp"

#include "sync/feed/convention.hpp"
#include "util/date.hpp"

namespace aafd::cli {
namespace {

// The open feed_failed alert of a provider: its error, or "".
std::string open_feed_error(const Result<daemon::DaemonState>& state, const std::string& provider) {
    if (state)
        for (const auto& [cause, open] : state->open_alerts)
            if (open.kind == "feed_failed" && open.provider == provider)
                return open.message + " (since " + open.since + ")";
    return "";
}

} // namespace

Result<nlohmann::ordered_json> provider_status(sync::AccountStore& store,
                                               const config::Provider& provider,
                                               const Result<daemon::DaemonState>& state,
                                               std::chrono::system_clock::time_point now) {
    auto closed = store.closed_at(provider.name);
    auto pending = closed ? store.pending_batches(provider.name) : std::unexpected(closed.error());
    auto last = pending ? store.last_batch(provider.name) : std::unexpected(pending.error());
    if (!last)
        return std::unexpected(last.error());
    auto phase = sync::convention_phase(provider.start, provider.end, provider.retention_days,
                                        utc_date(now), closed->has_value());
    return nlohmann::ordered_json{{"provider", provider.name},
                                  {"phase", sync::convention_phase_name(phase)},
                                  {"last_delivery", *last ? (*last)->delivered_at : ""},
                                  {"pending_batches", pending->size()},
                                  {"last_error", open_feed_error(state, provider.name)}};
}

void print_provider_status(std::ostream& out, const nlohmann::ordered_json& provider) {
    auto delivered = provider["last_delivery"].get<std::string>();
    out << "provider " << provider["provider"].get<std::string>() << ": "
        << provider["phase"].get<std::string>() << ", last delivery "
        << (delivered.empty() ? "none" : delivered) << ", "
        << provider["pending_batches"].get<std::uint64_t>() << " pending batch(es)\n";
    if (auto error = provider["last_error"].get<std::string>(); !error.empty())
        out << "  last error: " << error << "\n";
}

} // namespace aafd::cli
