// The RGPD purge: people deleted longer ago than [accounts] purge_deleted_days, whose
// deletion every provider has received, leave the store (record, links, account,
// memberships) in one transaction; the journal keeps their ids only. Recorded in the
// audit trail with the count.
#pragma once

#include <chrono>
#include <cstdint>

#include "config/config.hpp"
#include "sync/audit/audit_sink.hpp"
#include "sync/core/account_store.hpp"

namespace aafd::daemon {

Result<std::uint64_t> purge_people(const config::Config& config, sync::AccountStore& store,
                                   sync::AuditSink& audit,
                                   std::chrono::system_clock::time_point now);

} // namespace aafd::daemon
