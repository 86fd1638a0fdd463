// `aafd feed preview PROVIDER`: what a provider's next batch would contain, read without
// leaving a trace: the accounts it needs are provisioned in a transaction rolled back, no
// batch is written, no cursor or membership moves. The first lines are rendered as the
// provider would read them, activation codes hidden.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "config/config.hpp"
#include "sync/core/account_store.hpp"
#include "sync/feed/builder.hpp"
#include "sync/feed/convention.hpp"

namespace aafd::daemon {

struct FeedPreviewReport {
    sync::ConventionPhase phase = sync::ConventionPhase::Running;
    bool builds = false;      // whether the phase calls for a batch at all
    bool final_batch = false; // the convention's end: every account deleted
    std::uint64_t accounts_to_provision = 0;
    std::size_t pending_batches = 0; // built before, waiting for delivery
    sync::FeedPreview preview;
    std::string first_lines; // jsonl, csv, ldif: as the batch file would hold them
};

Result<FeedPreviewReport> preview_next_batch(const config::Config& config,
                                             const config::Provider& provider,
                                             sync::AccountStore& store,
                                             std::chrono::system_clock::time_point now,
                                             std::size_t max_lines);

} // namespace aafd::daemon
