// Attacks on what aafd writes for people (issue 20), replayed on the command line: two
// sources with the same ids under one provider (H3: the source is in every feed key),
// control characters in an export (L2: refused with file and line) and formulas in CSV
// cells (L2: neutralised with a leading ').
#include <doctest/doctest.h>

#include "tests/daemon/cli_sets.hpp"
#include "tests/daemon/feed_cli_fixture.hpp"

using namespace aafd;

namespace {

// 2D Complet set `date` of structure 43 (UAI `uai`) with the given staff.
std::filesystem::path write_school(const std::filesystem::path& folder, const std::string& uai,
                                   const std::string& date,
                                   const std::vector<test::TestRecord>& staff) {
    test::write_export(folder, "ENT2DVA-ENT16", "Complet", date, Category::Structure,
                       {{"43", {{"ENTStructureUAI", {uai}}, {"ENTStructureNomCourant", {uai}}}}});
    test::write_export(folder, "ENT2DVA-ENT16", "Complet", date, Category::Staff, staff);
    return folder;
}

struct TwoSources {
    test::FeedCli f;
    TwoSources() { f.providers = {{"both", {"0123456A", "0987654Z"}}}; }
    void import(const std::string& source, const std::filesystem::path& set,
                std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"import", "--source", source, set.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        auto run = f.run(args);
        INFO(run.err);
        REQUIRE(run.status == 0);
    }
    std::vector<nlohmann::json> deliver() {
        auto before = f.files("both");
        auto run = f.run({"feed", "deliver"});
        INFO(run.err);
        REQUIRE(run.status == 0);
        auto after = f.files("both");
        REQUIRE(after.size() == before.size() + 1);
        return f.lines("both", after.back());
    }
};

std::set<std::string> keys_of(const std::vector<nlohmann::json>& lines, const std::string& op) {
    std::set<std::string> keys;
    for (const auto& line : lines)
        if (line["op"] == op)
            keys.insert(line["source"].get<std::string>() + "," + line["flow"].get<std::string>() +
                        "," + line["category"].get<std::string>() + "," +
                        line["id"].get<std::string>());
    return keys;
}

} // namespace

TEST_CASE("H3: two sources' equal ids reach one provider under distinct keys, deactivate too") {
    TwoSources t;
    auto dir = t.f.dir.path();
    t.import("poitiers",
             write_school(dir / "a", "0123456A", "20240916", {test::college_staff("100", "AAAA")}));
    t.import("rennes", write_school(dir / "b", "0987654Z", "20240916",
                                    {test::college_staff("100", "BBBB"),
                                     test::college_staff("101", "CCCC")}));
    auto created = t.deliver();
    CHECK(keys_of(created, "create") == std::set<std::string>{"poitiers,2D,PersEducNat,100",
                                                              "rennes,2D,PersEducNat,100",
                                                              "rennes,2D,PersEducNat,101"});
    t.import("rennes",
             write_school(dir / "c", "0987654Z", "20240917", {test::college_staff("101", "CCCC")}),
             {"--allow-mass-deletion"});
    auto gone = t.deliver();
    CHECK(keys_of(gone, "deactivate") == std::set<std::string>{"rennes,2D,PersEducNat,100"});
}

TEST_CASE("L2: a CSV cell a spreadsheet would run as a formula starts with '") {
    TwoSources t;
    t.f.provider("both").extra = "format = \"csv\"\nfields = [\"login\", \"names\"]\n";
    auto dir = t.f.dir.path();
    t.import("poitiers", write_school(dir / "a", "0123456A", "20240916",
                                      {test::college_staff("100", "=HYPERLINK(\"x\")")}));
    auto run = t.f.run({"feed", "deliver"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    auto files = t.f.files("both");
    REQUIRE(files.size() == 1);
    auto csv = test::read_file(t.f.outbox("both") / files[0]);
    CHECK(csv.find(",\"'=HYPERLINK(\"\"x\"\")\",") != std::string::npos);
    CHECK(csv.find(",=HYPERLINK") == std::string::npos);
}

TEST_CASE("L2: a control character in an export is refused with its file and line") {
    test::FeedCli f;
    auto set = write_school(f.dir / "a", "0123456A", "20240916",
                            {test::college_staff("100", "AA\x1b[2JAA")});
    auto run = f.run({"import", "--source", "poitiers", set.string()});
    CHECK(run.status == 65);
    CHECK(run.err.find("_PersEducNat_0000.xml:") != std::string::npos);
    CHECK(run.err.find("record 100: sn holds a control character: AA\\x1B[2JAA") !=
          std::string::npos);
    auto id = write_school(f.dir / "b", "0123456A", "20240916",
                           {test::college_staff("1\x07"
                                                "00",
                                                "AAAA")});
    auto refused = f.run({"import", "--source", "poitiers", id.string()});
    CHECK(refused.status == 65);
    CHECK(refused.err.find("record 1\\x0700: <id> holds a control character") != std::string::npos);
}
