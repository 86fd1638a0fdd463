// Specification of the daemon's log lines (daemon/logging.cpp, daemon/daemon_cycle.cpp),
// on the real binary: journald priority prefixes when stderr is the journal, ISO 8601
// times with their offset otherwise, one summary line per source per cycle (also when no
// file came), and debug lines that say what was found.
#include <cstdlib>
#include <regex>
#include <sstream>
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "tests/daemon/aafd_process.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
namespace fs = std::filesystem;

namespace {

struct LogFixture {
    test::TempDir dir;
    fs::path config = dir / "aafd.toml";
    fs::path out = dir / "out";
    fs::path err = dir / "err";

    LogFixture() {
        fs::create_directories(dir / "quiet");
        fs::create_directories(dir / "broken");
        test::write_file(dir / "broken" / "ENT2DVA-ENT86_Complet_20250907_EtabEducNat_0000.xml",
                         "<?xml version=\"1.0\"?>\n<addRequest><broken");
        std::string toml = "[store]\npath = \"" + (dir / "aafd.db").string() +
                           "\"\n[spool]\npath = \"" + (dir / "spool").string() +
                           "\"\n[audit]\ndir = \"" + (dir / "audit").string() + "\"\n";
        for (const char* name : {"quiet", "broken"})
            toml += "[[source]]\nname = \"" + std::string(name) + "\"\nlocal_dir = \"" +
                    (dir / name).string() + "\"\n";
        test::write_file(config, toml);
    }

    // `aafd run --once --log-level debug`; its stderr, line by line.
    std::vector<std::string> run(bool journal) {
        pid_t pid = test::start_aafd(
            {"run", "--once", "--config", config.string(), "--log-level", "debug"}, out, err,
            [journal] {
                ::unsetenv("JOURNAL_STREAM");
                struct stat status {};
                if (journal && ::fstat(2, &status) == 0)
                    ::setenv("JOURNAL_STREAM",
                             (std::to_string(status.st_dev) + ":" + std::to_string(status.st_ino))
                                 .c_str(),
                             1);
            });
        CHECK(test::wait_aafd(pid) != 0); // the broken source fails the cycle
        std::istringstream text(test::read_file(err));
        std::vector<std::string> lines;
        for (std::string line; std::getline(text, line);)
            if (!line.starts_with("aafd: ")) // the command's own error, not a log line
                lines.push_back(line);
        return lines;
    }
};

bool has_line(const std::vector<std::string>& lines, const std::string& start) {
    for (const auto& line : lines)
        if (line.starts_with(start))
            return true;
    return false;
}

} // namespace

TEST_CASE("under journald every line carries its priority: <3> errors, <6> the source "
          "summaries, <7> the debug detail") {
    LogFixture f;
    auto lines = f.run(true);
    REQUIRE_FALSE(lines.empty());
    for (const auto& line : lines)
        CHECK(std::regex_search(line, std::regex("^<[2-7]>[a-z]+ \\[")));
    CHECK(has_line(lines, "<6>info [daemon] source=quiet no new file waiting=0 refused=0"));
    CHECK(has_line(lines, "<6>info [daemon] source=broken fetched=1 resent=0 waiting=0 "
                          "refused=0 sets_applied=0 outcome=failed"));
    CHECK(has_line(lines, "<3>error [daemon] cycle step failed source=broken"));
    CHECK(has_line(lines, "<4>warning [alert] alert kind=source_failed source=broken"));
    CHECK(has_line(lines, "<7>debug [daemon] ready source=quiet files=0"));
    CHECK(has_line(lines, "<7>debug [daemon] ready source=broken files=1"));
}

TEST_CASE("outside the journal every line starts with an ISO 8601 time and its UTC offset") {
    LogFixture f;
    auto lines = f.run(false);
    REQUIRE_FALSE(lines.empty());
    for (const auto& line : lines)
        CHECK(std::regex_search(
            line, std::regex("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d "
                             "[a-z]+ \\[")));
    CHECK_FALSE(has_line(lines, "<"));
}
