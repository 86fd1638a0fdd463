// Provisioning, building and delivering every provider's feed.
#include "daemon/feed_run.hpp"

#include <utility>
#include <vector>

#include "daemon/feed_settings.hpp"
#include "daemon/ldap_delivery.hpp"
#include "util/logger.hpp"

namespace aafd::daemon {
namespace {

Result<void> run_provider(const config::Config& config, const config::Provider& provider,
                          sync::AccountStore& store, sync::AuditSink& audit,
                          std::chrono::system_clock::time_point now, ProviderOutcome& outcome) {
    auto phase = phase_of(provider, store, now);
    if (!phase)
        return std::unexpected(phase.error());
    outcome.phase = *phase;
    if (auto mode = build_mode(*phase)) {
        auto feed = feed_provider(config, provider);
        if (!feed)
            return std::unexpected(feed.error());
        auto built = sync::build_feed(store, *feed, *mode, to_iso_timestamp(now));
        if (!built)
            return std::unexpected(built.error());
        outcome.lines_built = built->lines;
    }
    auto delivered = deliver(provider, store, audit, now);
    if (!delivered)
        return std::unexpected(delivered.error());
    outcome.delivered = std::move(*delivered);
    return {};
}

} // namespace

Result<sync::ConventionPhase> phase_of(const config::Provider& provider, sync::AccountStore& store,
                                       std::chrono::system_clock::time_point now) {
    auto closed = store.closed_at(provider.name);
    if (!closed)
        return std::unexpected(closed.error());
    return sync::convention_phase(provider.start, provider.end, provider.retention_days,
                                  utc_date(now), closed->has_value());
}

std::optional<sync::BuildMode> build_mode(sync::ConventionPhase phase) {
    if (phase == sync::ConventionPhase::Running)
        return sync::BuildMode::Changes;
    if (phase == sync::ConventionPhase::FinalDue)
        return sync::BuildMode::ConventionEnd;
    return std::nullopt;
}

bool FeedRunReport::ok() const {
    for (const auto& provider : providers)
        if (provider.error)
            return false;
    return true;
}

Result<sync::ProvisioningReport> provision(const config::Config& config, sync::AccountStore& store,
                                           sync::AuditSink& audit,
                                           std::chrono::system_clock::time_point now) {
    auto rule = login_rule(config);
    if (!rule)
        return std::unexpected(rule.error());
    auto codes = code_generator(config);
    if (!codes)
        return std::unexpected(codes.error());
    auto report = sync::provision_accounts(store, *rule, *codes, to_iso_timestamp(now));
    if (!report)
        return report;
    if (report->created > 0)
        if (auto recorded = audit.record({"accounts.provision",
                                          "store",
                                          "ok",
                                          {{"created", std::to_string(report->created)}}});
            !recorded)
            return std::unexpected(recorded.error());
    return report;
}

Result<std::vector<sync::FeedBatch>> deliver(const config::Provider& provider,
                                             sync::AccountStore& store, sync::AuditSink& audit,
                                             std::chrono::system_clock::time_point now) {
    auto destination = feed_destination(provider);
    std::string to = provider.outbox.string();
    if (provider.format == "ldap") {
        destination.apply = ldap_applier(provider, audit);
        to += (to.empty() ? "" : " ") + provider.ldap->url;
    }
    if (provider.push)
        to += (to.empty() ? "" : " ") +
              ("sftp://" + provider.push->user + "@" + provider.push->host + ":" +
               std::to_string(provider.push->port) + provider.push->remote_dir);
    // The file and range of the last batch let go, for the record of its failure.
    std::vector<std::pair<std::string, std::string>> sending;
    auto before = [&](const sync::FeedBatch& batch) {
        std::string file = std::filesystem::path(batch.file).filename().string();
        std::string seq = std::to_string(batch.first_seq) + ".." + std::to_string(batch.last_seq);
        sending = {{"file", file}, {"seq", seq}};
        return audit.record({"feed.deliver",
                             provider.name,
                             "ok",
                             {{"to", to},
                              {"file", file},
                              {"kind", std::string(sync::feed_batch_kind_name(batch.kind))},
                              {"lines", std::to_string(batch.lines)},
                              {"seq", seq},
                              {"sha256", batch.sha256}}});
    };
    auto delivered =
        sync::deliver_pending(store, provider.name, destination, before, to_iso_timestamp(now));
    // The record before the send said where the batch went; this one says it did not get
    // there whole (or was not confirmed): it is sent again at the next run. Best effort:
    // the delivery's own error is what the caller reports.
    if (!delivered && !sending.empty()) {
        sending.emplace_back("error", delivered.error().message);
        (void)audit.record({"feed.deliver", provider.name, "failed", std::move(sending)});
    }
    return delivered;
}

Result<FeedRunReport> run_feeds(const config::Config& config, sync::AccountStore& store,
                                sync::AuditSink& audit, std::chrono::system_clock::time_point now,
                                const std::string& only) {
    if (!only.empty())
        if (auto found = find_provider(config, only); !found)
            return std::unexpected(found.error());
    FeedRunReport report;
    auto accounts = provision(config, store, audit, now);
    if (!accounts)
        return std::unexpected(accounts.error());
    report.accounts = *accounts;
    for (const auto& provider : config.providers) {
        if (!only.empty() && provider.name != only)
            continue;
        ProviderOutcome outcome{provider.name};
        if (auto done = run_provider(config, provider, store, audit, now, outcome); !done) {
            module_logger("feed")->error("feed failed provider={}: {}", provider.name,
                                         done.error().message);
            outcome.error = done.error();
        }
        report.providers.push_back(std::move(outcome));
    }
    return report;
}

} // namespace aafd::daemon
