// spdlog sinks and levels for the command line and the daemon.
#include "daemon/logging.hpp"

#include <cstdlib>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace aafd::cli {

Result<void> setup_logging(const std::string& level) {
    auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off")
        return fail(ErrorCode::Config, "unknown log level '" + level + "'");
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>("aafd", sink);
    // Under systemd the journal adds the time and the unit.
    logger->set_pattern(std::getenv("JOURNAL_STREAM") ? "%l [%n] %v"
                                                      : "%Y-%m-%dT%H:%M:%S.%e %l [%n] %v");
    logger->set_level(parsed);
    spdlog::set_default_logger(logger);
    return {};
}

} // namespace aafd::cli
