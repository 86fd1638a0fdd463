// Logging set-up: spdlog to stderr (journald under systemd, with priorities), one named
// logger per module sharing one sink. Logs carry ids, never names, birth dates or secrets.
#pragma once

#include <string>

#include "util/error.hpp"

namespace aafd::cli {

// level: trace, debug, info, warn, error. ErrorCode::Config for another word.
Result<void> setup_logging(const std::string& level);

// Whether stderr is connected to the journal: JOURNAL_STREAM is its "device:inode".
bool stderr_is_journal();

} // namespace aafd::cli
