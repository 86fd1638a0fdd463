// Which refusals last, and the fingerprint of ready/ they are remembered with.
#include "daemon/spool_refusals.hpp"

#include <chrono>
#include <system_error>

namespace aafd::daemon {

bool lasting_refusal(ErrorCode code) {
    return code == ErrorCode::BadInput || code == ErrorCode::IncompleteSet ||
           code == ErrorCode::StaleSet || code == ErrorCode::Guard;
}

std::string ready_fingerprint(const std::vector<std::filesystem::path>& entries) {
    std::string fingerprint;
    for (const auto& entry : entries) {
        std::error_code ec;
        auto size = std::filesystem::file_size(entry, ec);
        auto mtime = std::filesystem::last_write_time(entry, ec).time_since_epoch();
        fingerprint +=
            entry.filename().string() + " " + std::to_string(size) + " " +
            std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(mtime).count()) +
            "\n";
    }
    return fingerprint;
}

} // namespace aafd::daemon
