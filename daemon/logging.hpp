// Logging set-up: spdlog to stderr (journald under systemd), one named logger per
// module sharing one sink. Logs carry ids, never names, birth dates or secrets.
#pragma once

#include <string>

#include "util/error.hpp"

namespace aafd::cli {

// level: trace, debug, info, warn, error. ErrorCode::Config for another word.
Result<void> setup_logging(const std::string& level);

} // namespace aafd::cli
