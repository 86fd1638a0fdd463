// spdlog sinks and levels for the command line and the daemon. When stderr is the
// journal (JOURNAL_STREAM names its device and inode), each line starts with the
// priority prefix journald reads ("<3>" for an error: `journalctl -p err` finds it) and
// carries no time, which the journal adds; otherwise lines start with an ISO 8601 time
// with its UTC offset.
#include "daemon/logging.hpp"

#include <cstdlib>
#include <string>
#include <sys/stat.h>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace aafd::cli {
namespace {

// sd-daemon(3) priorities: <7> debug … <2> critical.
int syslog_priority(spdlog::level::level_enum level) {
    switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
        return 7;
    case spdlog::level::info:
        return 6;
    case spdlog::level::warn:
        return 4;
    case spdlog::level::err:
        return 3;
    default:
        return 2;
    }
}

// The %* flag: "<N>", the line's priority for journald.
class PriorityFlag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& message, const std::tm&,
                spdlog::memory_buf_t& out) override {
        auto prefix = "<" + std::to_string(syslog_priority(message.level)) + ">";
        out.append(prefix.data(), prefix.data() + prefix.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<PriorityFlag>();
    }
};

} // namespace

bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    struct stat status {};
    if (!stream || ::fstat(2, &status) != 0)
        return false;
    return std::string(stream) ==
           std::to_string(status.st_dev) + ":" + std::to_string(status.st_ino);
}

Result<void> setup_logging(const std::string& level) {
    auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off")
        return fail(ErrorCode::Config, "unknown log level '" + level + "'");
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>("aafd", sink);
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<PriorityFlag>('*');
    formatter->set_pattern(stderr_is_journal() ? "%*%l [%n] %v"
                                               : "%Y-%m-%dT%H:%M:%S.%e%z %l [%n] %v");
    logger->set_formatter(std::move(formatter));
    logger->set_level(parsed);
    spdlog::set_default_logger(logger);
    return {};
}

} // namespace aafd::cli
