// One feed run, as `aafd feed deliver` and the daemon after each import do it:
// provision the accounts that are missing, then for each provider build what its
// convention's phase calls for and deliver every pending batch, recording each batch
// in the audit trail before it leaves. A provider's failure does not stop the others.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "sync/audit/audit_sink.hpp"
#include "sync/core/account_store.hpp"
#include "sync/feed/builder.hpp"
#include "sync/feed/convention.hpp"
#include "sync/feed/provisioning.hpp"

namespace aafd::daemon {

struct ProviderOutcome {
    std::string provider;
    sync::ConventionPhase phase = sync::ConventionPhase::Running;
    std::uint64_t lines_built = 0;
    std::vector<sync::FeedBatch> delivered;
    std::optional<Error> error;
};

struct FeedRunReport {
    sync::ProvisioningReport accounts;
    std::vector<ProviderOutcome> providers;
    bool ok() const;
};

// The provider's convention phase today, and what it calls for building (none: nothing).
Result<sync::ConventionPhase> phase_of(const config::Provider& provider, sync::AccountStore& store,
                                       std::chrono::system_clock::time_point now);
std::optional<sync::BuildMode> build_mode(sync::ConventionPhase phase);

// Provisions the accounts that are missing; records it in the audit trail.
Result<sync::ProvisioningReport> provision(const config::Config& config, sync::AccountStore& store,
                                           sync::AuditSink& audit,
                                           std::chrono::system_clock::time_point now);

// Delivers a provider's pending batches, recording each in the audit trail first.
Result<std::vector<sync::FeedBatch>> deliver(const config::Provider& provider,
                                             sync::AccountStore& store, sync::AuditSink& audit,
                                             std::chrono::system_clock::time_point now);

// `only`: one provider's name, or empty for all.
Result<FeedRunReport> run_feeds(const config::Config& config, sync::AccountStore& store,
                                sync::AuditSink& audit, std::chrono::system_clock::time_point now,
                                const std::string& only = {});

} // namespace aafd::daemon
