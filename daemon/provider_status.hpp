// One provider as `aafd status` and `aafd feed status` show it, so that both say the
// same: its convention's phase, its last delivery, its pending batches and its last error
// (the daemon's open `feed_failed` alert), as JSON and as text.
#pragma once

#include <chrono>
#include <ostream>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "daemon/daemon_state.hpp"
#include "sync/core/account_store.hpp"

namespace aafd::cli {

// {"provider", "phase", "last_delivery" ("" for none), "pending_batches", "last_error"}.
Result<nlohmann::ordered_json> provider_status(sync::AccountStore& store,
                                               const config::Provider& provider,
                                               const Result<daemon::DaemonState>& state,
                                               std::chrono::system_clock::time_point now);

// "provider P: PHASE, last delivery T, N pending batch(es)", then the last error if any.
void print_provider_status(std::ostream& out, const nlohmann::ordered_json& provider);

} // namespace aafd::cli
