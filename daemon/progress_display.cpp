// Terminal progress line and periodic progress log.
#include "daemon/progress_display.hpp"

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "util/logger.hpp"

namespace aafd::cli {
namespace {

constexpr auto k_terminal_interval = std::chrono::milliseconds(250);
constexpr auto k_log_interval = std::chrono::seconds(5);

std::string format_duration(double seconds) {
    auto total = static_cast<long>(seconds + 0.5);
    char buffer[32];
    if (total >= 3600)
        std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60,
                      total % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
    return buffer;
}

} // namespace

std::string format_progress(const sync::ProgressUpdate& update) {
    double seconds = std::chrono::duration<double>(update.elapsed).count();
    double rate = seconds > 0 ? static_cast<double>(update.bytes_done) / seconds : 0;
    double share = update.bytes_total ? static_cast<double>(update.bytes_done) /
                                            static_cast<double>(update.bytes_total)
                                      : 0;
    std::string left =
        rate > 0 && update.bytes_total >= update.bytes_done
            ? format_duration(static_cast<double>(update.bytes_total - update.bytes_done) / rate)
            : "?";
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%s  %s  %llu records  %.1f MB/s  %.0f %%  %s left",
                  update.set_label.c_str(), std::filesystem::path(update.file).filename().c_str(),
                  static_cast<unsigned long long>(update.records), rate / 1e6, share * 100,
                  left.c_str());
    return buffer;
}

ProgressDisplay::ProgressDisplay(Mode mode, std::ostream& terminal)
    : m_mode(mode), m_terminal(terminal) {}

ProgressDisplay::Mode ProgressDisplay::detect_mode() {
    return isatty(STDERR_FILENO) ? Mode::Terminal : Mode::Log;
}

void ProgressDisplay::on_progress(const sync::ProgressUpdate& update) {
    auto now = std::chrono::steady_clock::now();
    auto interval =
        m_mode == Mode::Terminal
            ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(k_terminal_interval)
            : std::chrono::duration_cast<std::chrono::steady_clock::duration>(k_log_interval);
    if (m_last_shown.time_since_epoch().count() != 0 && now - m_last_shown < interval)
        return;
    if (m_last_shown.time_since_epoch().count() == 0 && m_mode == Mode::Log) {
        m_last_shown = now; // the first log line after one interval, not at once
        return;
    }
    m_last_shown = now;
    if (m_mode == Mode::Terminal) {
        m_terminal << "\r\033[K" << format_progress(update) << std::flush;
        m_line_open = true;
    } else {
        module_logger("import")->info("progress {}", format_progress(update));
    }
}

void ProgressDisplay::on_set_end() {
    if (m_line_open)
        m_terminal << "\r\033[K" << std::flush;
    m_line_open = false;
    m_last_shown = {};
}

} // namespace aafd::cli
