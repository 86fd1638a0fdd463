// Shows a long import moving: on a terminal, one line rewritten in place (set, file,
// records, rate, time left); without one, a log line every few seconds.
#pragma once

#include <chrono>
#include <ostream>

#include "sync/core/progress.hpp"

namespace aafd::cli {

class ProgressDisplay final : public sync::ProgressListener {
public:
    enum class Mode { Terminal, Log };
    ProgressDisplay(Mode mode, std::ostream& terminal);
    void on_progress(const sync::ProgressUpdate& update) override;
    void on_set_end() override;

    // Terminal when stderr is a terminal, else Log.
    static Mode detect_mode();

private:
    Mode m_mode;
    std::ostream& m_terminal;
    std::chrono::steady_clock::time_point m_last_shown{};
    bool m_line_open = false;
};

// "2D Complet 2025-09-07  ENT2DVA…_Eleve_0003.xml  123456 records  45.2 MB/s  35 %  0:42 left"
std::string format_progress(const sync::ProgressUpdate& update);

} // namespace aafd::cli
