// Specification of sync/fetch/local_source.hpp: a local folder's new export files
// copied into the spool's ready/ folder.
#include <algorithm>
#include <vector>

#include <doctest/doctest.h>

#include "sync/fetch/local_source.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::sync;
namespace fs = std::filesystem;

TEST_CASE("local source: new regular files, subfolders included, are copied into ready/") {
    test::TempDir dir;
    auto from = dir / "depot";
    fs::create_directories(from / "sub");
    test::write_file(from / "ENT1D.a.xml", "<a/>");
    test::write_file(from / "sub" / "ENT1D.b.xml", "<bb/>");
    test::write_file(from / ".hidden.xml", "<h/>");
    Spool spool(dir / "spool", "demo");

    auto report = copy_local_exports(from, spool);

    REQUIRE_MESSAGE(report, report.error().message);
    CHECK(report->ready_dir == spool.ready());
    CHECK(report->bytes == 9);
    std::sort(report->fetched.begin(), report->fetched.end());
    CHECK(report->fetched == std::vector<std::string>{"ENT1D.a.xml", "ENT1D.b.xml"});
    CHECK(test::file_names_in(spool.ready()) ==
          std::vector<std::string>{"ENT1D.a.xml", "ENT1D.b.xml"});
    CHECK(test::read_file(spool.ready() / "ENT1D.b.xml") == "<bb/>");
}

TEST_CASE("local source: files already in ready/ or applied/ are not copied again") {
    test::TempDir dir;
    auto from = dir / "depot";
    fs::create_directories(from);
    test::write_file(from / "ENT1D.a.xml", "<a/>");
    test::write_file(from / "ENT1D.b.xml", "<b/>");
    test::write_file(from / "ENT1D.c.xml", "<c/>");
    Spool spool(dir / "spool", "demo");
    fs::create_directories(spool.ready());
    fs::create_directories(spool.applied_on(std::chrono::year{2025} / 9 / 7));
    test::write_file(spool.ready() / "ENT1D.a.xml", "kept");
    test::write_file(spool.applied_on(std::chrono::year{2025} / 9 / 7) / "ENT1D.b.xml", "kept");

    auto report = copy_local_exports(from, spool);

    REQUIRE_MESSAGE(report, report.error().message);
    CHECK(report->fetched == std::vector<std::string>{"ENT1D.c.xml"});
    CHECK(report->bytes == 4);
    CHECK(test::read_file(spool.ready() / "ENT1D.a.xml") == "kept");
}

TEST_CASE("local source: a folder that cannot be read is NoInput, named") {
    test::TempDir dir;
    auto report = copy_local_exports(dir / "missing", Spool(dir / "spool", "demo"));
    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::NoInput);
    CHECK(report.error().message ==
          "cannot read " + (dir / "missing").string() + ": No such file or directory");
}
