// Specification of the fetch's pure rules: remote name checks, name patterns, retry
// backoff, and the ledger file format.
#include <doctest/doctest.h>

#include "sync/fetch/backoff.hpp"
#include "sync/fetch/fetch_ledger.hpp"
#include "sync/sftp/remote_name.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::sync;
using std::chrono::milliseconds;

TEST_CASE("fetch rules: remote names that could escape the spool are refused") {
    struct Case {
        std::string name;
        std::string why; // empty: accepted
    };
    std::vector<Case> cases{
        {"ENT2D.2024-09-01.Complet.Eleve.0001.xml", ""},
        {"-starts-with-a-dash.xml", ""},
        {".hidden.xml", ""},
        {"with space.xml", ""},
        {"accentué.xml", ""},
        {std::string(255, 'a'), ""},
        {"", "empty name"},
        {".", "name is '.' or '..'"},
        {"..", "name is '.' or '..'"},
        {std::string(256, 'a'), "name longer than 255 bytes"},
        {"a/b.xml", "name contains '/'"},
        {"/etc/passwd", "name contains '/'"},
        {"../up.xml", "name contains '/'"},
        {"a..b.xml", "name contains '..'"},
        {"...", "name contains '..'"},
        {"x..", "name contains '..'"},
        {"new\nline.xml", "name contains a control character"},
        {"tab\t.xml", "name contains a control character"},
        {"cr\r.xml", "name contains a control character"},
        {std::string("nul\0.xml", 8), "name contains a control character"},
        {"esc\x1b[31m.xml", "name contains a control character"},
        {"del\x7f.xml", "name contains a control character"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        auto checked = check_remote_name(c.name);
        if (c.why.empty()) {
            CHECK(checked);
        } else {
            REQUIRE_FALSE(checked);
            CHECK(checked.error().code == ErrorCode::BadInput);
            CHECK(checked.error().message == c.why);
        }
    }
    for (int byte = 1; byte < 0x20; ++byte)
        CHECK_FALSE(check_remote_name("a" + std::string(1, static_cast<char>(byte)) + "b"));
}

TEST_CASE("fetch rules: name patterns are fnmatch patterns") {
    std::vector<std::string> patterns{"*.xml", "*.tar.gz"};
    CHECK(matches_patterns("ENT2D.xml", patterns));
    CHECK(matches_patterns("a.tar.gz", patterns));
    CHECK_FALSE(matches_patterns("a.tgz", patterns));
    CHECK_FALSE(matches_patterns("a.xml.part", patterns));
    CHECK(matches_patterns("ENT1D_x.xml", {"ENT1D*"}));
    CHECK_FALSE(matches_patterns("ENT2D_x.xml", {"ENT1D*"}));
    CHECK_FALSE(matches_patterns("anything", {}));
}

TEST_CASE("fetch rules: a remote path joins folder and name with one separator") {
    CHECK(remote_path("/exports", "a.xml") == "/exports/a.xml");
    CHECK(remote_path("/exports/", "a.xml") == "/exports/a.xml");
    CHECK(remote_path("", "a.xml") == "a.xml");
}

TEST_CASE("fetch rules: backoff doubles from the base up to the cap, jitter in the upper half") {
    milliseconds base{1000}, cap{60000};
    CHECK(backoff_delay(0, base, cap, 0.0) == milliseconds(500));
    CHECK(backoff_delay(0, base, cap, 0.5) == milliseconds(750));
    CHECK(backoff_delay(0, base, cap, 0.999999) == milliseconds(999));
    CHECK(backoff_delay(1, base, cap, 0.0) == milliseconds(1000));
    CHECK(backoff_delay(2, base, cap, 0.0) == milliseconds(2000));
    CHECK(backoff_delay(3, base, cap, 1.0) == milliseconds(8000));
    CHECK(backoff_delay(6, base, cap, 1.0) == milliseconds(60000)); // 64 s capped
    CHECK(backoff_delay(6, base, cap, 0.0) == milliseconds(30000));
    CHECK(backoff_delay(1000, base, cap, 0.5) == milliseconds(45000)); // no overflow
    CHECK(backoff_delay(2, base, cap, -3.0) == milliseconds(2000));    // random clamped
    CHECK(backoff_delay(2, base, cap, 7.0) == milliseconds(4000));
    CHECK(backoff_delay(5, milliseconds(0), cap, 0.5) == milliseconds(0));
    for (unsigned attempt = 0; attempt < 20; ++attempt)
        CHECK(backoff_delay(attempt, base, cap, 0.0) <= backoff_delay(attempt + 1, base, cap, 0.0));
}

TEST_CASE("fetch rules: the ledger keeps its entries across opens and ignores a torn line") {
    aafd::test::TempDir dir;
    auto path = dir / "fetched.tsv";
    auto ledger = FetchLedger::open(path);
    REQUIRE(ledger);
    CHECK(ledger->size() == 0);
    std::string sha(64, 'a');
    auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    REQUIRE(ledger->add({"ENT1D.a.xml", 12, 1'699'999'000, sha, when}));
    REQUIRE(ledger->add({"ENT1D.b.xml", 34, 1'699'999'001, sha, when}));
    CHECK(aafd::test::read_file(path) == "ENT1D.a.xml\t12\t1699999000\t" + sha + "\t1700000000\n" +
                                             "ENT1D.b.xml\t34\t1699999001\t" + sha +
                                             "\t1700000000\n");
    aafd::test::write_file(path, aafd::test::read_file(path) + "ENT1D.c.xml\t5\t16");

    auto again = FetchLedger::open(path);
    REQUIRE(again);
    CHECK(again->size() == 2);
    REQUIRE(again->find("ENT1D.b.xml"));
    CHECK(again->find("ENT1D.b.xml")->size == 34);
    CHECK(again->find("ENT1D.b.xml")->mtime == 1'699'999'001);
    CHECK(again->find("ENT1D.b.xml")->fetched_at == when);
    CHECK_FALSE(again->find("ENT1D.c.xml"));
}
