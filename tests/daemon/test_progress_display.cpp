// Specification of the progress line (daemon/progress_display.hpp).
#include <sstream>

#include <doctest/doctest.h>

#include "daemon/progress_display.hpp"

using namespace aafd;

TEST_CASE("the progress line tells set, file, records, rate, share and time left") {
    sync::ProgressUpdate update{"2D Complet 2025-09-07",
                                "/spool/x/ENT2DVA_Complet_20250907_Eleve_0003.xml",
                                123456,
                                50'000'000,
                                200'000'000,
                                std::chrono::seconds(2)};
    CHECK(cli::format_progress(update) ==
          "2D Complet 2025-09-07  ENT2DVA_Complet_20250907_Eleve_0003.xml  123456 records  "
          "25.0 MB/s  25 %  0:06 left");
}

TEST_CASE("on a terminal the line is rewritten in place, at most a few times a second") {
    std::ostringstream terminal;
    cli::ProgressDisplay display(cli::ProgressDisplay::Mode::Terminal, terminal);
    sync::ProgressUpdate update{"set", "f.xml", 1, 1, 2, std::chrono::seconds(1)};
    display.on_progress(update);
    display.on_progress(update); // too soon: not shown
    CHECK(terminal.str() == "\r\033[K" + cli::format_progress(update));
    display.on_set_end();
    CHECK(terminal.str().ends_with("\r\033[K"));
}
