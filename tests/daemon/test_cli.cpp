// Specification of the command line (daemon/cli.hpp), run in-process: arguments in,
// exit status and printed text out, with a real store in a temporary folder.
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/daemon/cli_run.hpp"
#include "tests/daemon/cli_sets.hpp"
#include "tests/test_support.hpp"

using namespace aafd;

namespace {

using Run = test::CliRun;

Run aafd_run(const std::vector<std::string>& args) { return test::run_cli(args); }

struct Fixture {
    test::TempDir dir;
    std::string store = (dir / "aafd.db").string();
    std::string audit = (dir / "audit").string(); // not the system's /var/log/aafd/audit

    Run import(std::vector<std::string> extra) {
        std::vector<std::string> args{"import",      "--store", store,         "--source", "demo",
                                      "--log-level", "warn",    "--audit-dir", audit};
        args.insert(args.end(), extra.begin(), extra.end());
        return aafd_run(args);
    }
    Run run(std::vector<std::string> args) {
        args.insert(args.end(), {"--store", store, "--log-level", "warn", "--audit-dir", audit});
        return aafd_run(args);
    }
    std::string college() { return test::write_college_set(dir / "college").string(); }
    std::string pupil() { return test::write_pupil_set(dir / "pupil").string(); }
};

} // namespace

TEST_CASE("import with --store and --source needs no configuration file") {
    Fixture f;
    auto run = f.import({f.college()});
    CHECK(run.status == 0);
    CHECK(run.out.find("set 2D Complet 2024-09-16: applied as set #1") != std::string::npos);
    CHECK(run.out.find("  PersEducNat           2        2        0") != std::string::npos);
}

TEST_CASE("import --dry-run prints the change set and writes nothing") {
    Fixture f;
    auto run = f.import({"--dry-run", f.college()});
    CHECK(run.status == 0);
    CHECK(run.out.find("dry run, nothing written") != std::string::npos);
    CHECK(run.out.find("create PersEducNat 314159") != std::string::npos);
    auto status = f.run({"status", "--json"});
    REQUIRE(status.status == 0);
    auto json = nlohmann::json::parse(status.out);
    CHECK(json["persons"]["PersEducNat"]["active"] == 0);
    CHECK(json["sets"].empty());
}

TEST_CASE("status --json counts per category and state, and lists the sets") {
    Fixture f;
    REQUIRE(f.import({f.pupil()}).status == 0);
    auto run = f.run({"status", "--json"});
    REQUIRE(run.status == 0);
    auto json = nlohmann::json::parse(run.out);
    CHECK(json["persons"]["Eleve"] ==
          nlohmann::json{{"active", 1}, {"disappeared", 0}, {"deleted", 0}});
    CHECK(json["persons"]["PersRelEleve"]["active"] == 0);
    CHECK(json["structures"]["active"] == 1);
    REQUIRE(json["sets"].size() == 1);
    CHECK(json["sets"][0]["kind"] == "Complet");
    CHECK(json["sets"][0]["date"] == "2020-01-01");
    CHECK(json["sets"][0]["flow"] == "2D");
    auto text = f.run({"status"});
    CHECK(text.out.find("  Eleve                 1           0         0") != std::string::npos);
}

TEST_CASE("show person --json: the fields a provider and a sysadmin need") {
    Fixture f;
    REQUIRE(f.import({f.pupil()}).status == 0);
    auto run = f.run({"show", "person", "2000000", "--json"});
    REQUIRE(run.status == 0);
    auto json = nlohmann::json::parse(run.out);
    CHECK(json["source"] == "demo");
    CHECK(json["id"] == "2000000");
    CHECK(json["category"] == "Eleve");
    CHECK(json["state"] == "active");
    CHECK(json["last_name"] == "NOM");
    CHECK(json["first_name"] == "Prenom");
    CHECK(json["birth_date"] == "2000-01-01");
    CHECK(json["ine"] == "100000000AA");
    CHECK(json["structures"] == nlohmann::json::array()); // structure 1000 is not in the export
    CHECK(json["unresolved_structures"] == nlohmann::json{"1000", "3000"});
    CHECK(json["classes"] ==
          nlohmann::json{{{"structure", nullptr}, {"code", "1AQUA"}, {"label", nullptr}}});
    CHECK(json["relatives"] == nlohmann::json{{{"id", "2000000"}, {"link", "10"}, {"legal", "1"}},
                                              {{"id", "3000000"}, {"link", "20"}, {"legal", "1"}}});
    CHECK(json["profiles"] == nlohmann::json{"National_ELV"});
    CHECK(json["attributes"]["ENTEleveRegime"] == nlohmann::json{"INTERNE 5 JOURS"});
}

TEST_CASE("show person: staff functions and profiles, an unknown id exits 1") {
    Fixture f;
    REQUIRE(f.import({f.college()}).status == 0);
    auto run = f.run({"show", "person", "314159", "--json"});
    REQUIRE(run.status == 0);
    auto json = nlohmann::json::parse(run.out);
    CHECK(json["structures"] == nlohmann::json{"0123456A"});
    CHECK(json["functions"][0] ==
          nlohmann::json{{"structure", "0123456A"}, {"code", "AEH"}, {"discipline", "D0021"}});
    CHECK(json["profiles"] == nlohmann::json{"National_DIR", "National_ENS", "National_ETA"});
    auto missing = f.run({"show", "person", "999"});
    CHECK(missing.status == 1);
    CHECK(missing.err == "aafd: no person 999 in the store\n");
}

TEST_CASE("show structure by UAI") {
    Fixture f;
    REQUIRE(f.import({f.college()}).status == 0);
    auto run = f.run({"show", "structure", "0123456A", "--json"});
    REQUIRE(run.status == 0);
    auto json = nlohmann::json::parse(run.out);
    CHECK(json["id"] == "43");
    CHECK(json["name"] == "CLG INTEGRATION"); // ENTStructureNomCourant CLG$CLG INTEGRATION$PARIS
    CHECK(json["type"] == "CLG");
    CHECK(json["town"] == "PARIS");
    CHECK(json["active_members"]["PersEducNat"] == 2);
}

TEST_CASE("exit statuses") {
    Fixture f;
    SUBCASE("usage") { CHECK(aafd_run({"import"}).status == 64); }
    SUBCASE("no source named") {
        auto run = aafd_run({"import", "--store", f.store, "x"});
        CHECK(run.status == 78);
        CHECK(run.err == "aafd: name the source (the académie) with --source NAME\n");
    }
    SUBCASE("a bad configuration file") {
        test::write_file(f.dir / "bad.toml", "[store]\nhots = 1\n");
        auto run = aafd_run({"status", "--config", (f.dir / "bad.toml").string()});
        CHECK(run.status == 78);
        CHECK(run.err.starts_with("aafd: " + (f.dir / "bad.toml").string() + ":2: "));
    }
    SUBCASE("bad input") {
        test::write_file(f.dir / "in" / "ENT2DVA_Complet_20250907_Eleve_0000.xml",
                         "<ficAlimMENESR><addRequest>");
        CHECK(f.import({(f.dir / "in").string()}).status == 65);
    }
    SUBCASE("missing input") { CHECK(f.import({(f.dir / "none").string()}).status == 66); }
    SUBCASE("an incomplete set") {
        auto run = f.import({test::write_pupil_set(f.dir / "incomplete", "0001").string()});
        CHECK(run.status == 12);
        CHECK(run.err.find("ENT2DVA-ENT16 Eleve: chunk 0000 missing") != std::string::npos);
    }
    SUBCASE("a stale set") {
        REQUIRE(f.import({f.college()}).status == 0);
        auto day2 =
            test::write_college_set(f.dir / "day2", {test::college_staff("314161", "CCCC")});
        CHECK(f.import({day2.string()}).status == 11);
    }
    SUBCASE("status of a store that does not exist") { CHECK(f.run({"status"}).status == 66); }
}

TEST_CASE("maintain reports what it deleted") {
    Fixture f;
    REQUIRE(f.import({f.pupil()}).status == 0);
    auto run = f.run({"maintain"});
    CHECK(run.status == 0);
    CHECK(run.out.starts_with("deleted 0 object(s) disappeared before "));
}

TEST_CASE("check-config validates the shipped example: only the files it names are missing") {
    auto run = aafd_run({"check-config", test::source_path("config/aafd.toml.example").string()});
    CHECK(run.status == 78);
    CHECK(run.err.find("[[source]] 'poitiers' key: private key /etc/aafd/id_ed25519: No such "
                       "file or directory\n") != std::string::npos);
}

TEST_CASE("run --source is refused: the daemon serves every configured source (78)") {
    Fixture f;
    auto run = f.run({"run", "--once", "--source", "demo"});
    CHECK(run.status == 78);
    CHECK(run.err.find("aafd run serves every [[source]] of the configuration") !=
          std::string::npos);
}

TEST_CASE("global options are taken before or after the command") {
    Fixture f;
    REQUIRE(f.import({f.pupil()}).status == 0);
    auto before = aafd_run(
        {"--store", f.store, "--log-level", "warn", "--audit-dir", f.audit, "status", "--json"});
    auto after = f.run({"status", "--json"});
    CHECK(before.status == 0);
    CHECK(before.err == "");
    CHECK(before.out == after.out);
    SUBCASE("--config before the command") {
        test::write_file(f.dir / "bad.toml", "[store]\nhots = 1\n");
        auto run = aafd_run({"--config", (f.dir / "bad.toml").string(), "status"});
        CHECK(run.status == 78);
        CHECK(run.err.starts_with("aafd: " + (f.dir / "bad.toml").string() + ":2: "));
    }
}

namespace {

// The subcommands a `--help` output lists, each as the first word of its line.
std::vector<std::string> subcommands(const std::vector<std::string>& help_args) {
    std::istringstream help(aafd_run(help_args).out);
    std::vector<std::string> names;
    bool listed = false;
    for (std::string line; std::getline(help, line);) {
        if (line == "Subcommands:")
            listed = true;
        else if (listed && line.starts_with("  "))
            names.push_back(line.substr(2, line.find(' ', 2) - 2));
        else
            listed = false;
    }
    return names;
}

// The SYNOPSIS section of docs/aafd.8, with groff's "\-" read as "-".
std::string man_synopsis() {
    std::string page = test::read_file(test::source_path("docs/aafd.8"));
    auto begin = page.find(".SH SYNOPSIS");
    std::string synopsis = page.substr(begin, page.find(".SH ", begin + 1) - begin);
    for (std::size_t at; (at = synopsis.find("\\-")) != std::string::npos;)
        synopsis.erase(at, 1);
    return synopsis;
}

} // namespace

TEST_CASE("the man page's SYNOPSIS lists every command and subcommand") {
    std::string synopsis = man_synopsis();
    auto commands = subcommands({"--help"});
    REQUIRE(commands.size() >= 13);
    for (const std::string& command : commands) {
        auto groups = subcommands({command, "--help"});
        if (groups.empty())
            groups.push_back("");
        for (const std::string& sub : groups) {
            std::string line = ".B aafd " + command + (sub.empty() ? "" : " " + sub);
            INFO(line);
            bool listed = synopsis.find(line + "\n") != std::string::npos ||
                          synopsis.find(line + " ") != std::string::npos ||
                          (sub.empty() && synopsis.find(line) != std::string::npos);
            CHECK(listed);
        }
    }
}
