// Specification of the audit trail on the command line: what `import`, `show` and
// `maintain` record, failing closed, and `aafd audit verify|show|report|purge`.
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <sys/wait.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "sync/audit/actor.hpp"
#include "sync/audit/audit_log.hpp"
#include "sync/audit/files.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/daemon/cli_sets.hpp"
#include "tests/test_support.hpp"

using namespace aafd;

namespace {

using Run = test::CliRun;

struct Fixture {
    test::TempDir dir;
    std::string store = (dir / "aafd.db").string();
    std::filesystem::path audit = dir / "audit";

    Run run(std::vector<std::string> args, const std::filesystem::path& audit_dir) {
        args.insert(args.end(), {"--store", store, "--source", "demo", "--log-level", "warn",
                                 "--audit-dir", audit_dir.string()});
        return test::run_cli(args);
    }
    Run run(std::vector<std::string> args) { return run(std::move(args), audit); }
    std::string college() { return test::write_college_set(dir / "college").string(); }
    Run import() { return run({"import", college()}); }
    std::vector<sync::AuditRecord> records() {
        auto records = sync::read_audit_records(audit, std::nullopt, std::nullopt);
        REQUIRE(records);
        return *records;
    }
    std::filesystem::path only_file() {
        auto files = sync::list_audit_files(audit);
        REQUIRE(files);
        REQUIRE(files->size() == 1);
        return files->front().path;
    }
};

} // namespace

TEST_CASE("import records each set before printing the report") {
    Fixture f;
    REQUIRE(f.import().status == 0);
    auto records = f.records();
    REQUIRE(records.size() == 1);
    const auto& set = records[0];
    CHECK(set.seq == 1);
    CHECK(set.actor == sync::process_actor());
    CHECK(set.action == "set.apply");
    CHECK(set.object == "2D Complet 2024-09-16");
    CHECK(set.outcome == "ok");
    CHECK(set.detail("source") == "demo");
    CHECK(set.detail("set_id") == "1");
    CHECK(set.detail("created") != "0");
    SUBCASE("a dry run and an already applied set are recorded too") {
        REQUIRE(f.run({"import", "--dry-run", f.college()}).status == 0);
        auto again = f.records();
        REQUIRE(again.size() == 2);
        CHECK(again[1].action == "set.apply");
        CHECK(again[1].outcome == "already_applied");
    }
}

TEST_CASE("show person and show structure record the access with ids only") {
    Fixture f;
    REQUIRE(f.import().status == 0);
    REQUIRE(f.run({"show", "person", "314159"}).status == 0);
    REQUIRE(f.run({"show", "structure", "0123456A"}).status == 0);
    REQUIRE(f.run({"show", "person", "999"}).status == 1);
    auto records = f.records();
    REQUIRE(records.size() == 4);
    CHECK(records[1].action == "person.show");
    CHECK(records[1].object == "314159");
    CHECK(records[1].details ==
          std::vector<std::pair<std::string, std::string>>{
              {"source", "demo"}, {"flow", "2D"}, {"category", "PersEducNat"}});
    CHECK(records[2].action == "structure.show");
    CHECK(records[2].object == "43");
    CHECK(records[3].action == "person.show");
    CHECK(records[3].object == "999");
    CHECK(records[3].outcome == "not_found");
}

TEST_CASE("fail closed: when the trail cannot be written, show prints nothing and exits 74") {
    Fixture f;
    REQUIRE(f.import().status == 0);
    SUBCASE("the audit folder's path is a file (fails for root too)") {
        test::write_file(f.dir / "taken", "x");
        auto audit = f.dir / "taken" / "audit";
        auto run = f.run({"show", "person", "314159"}, audit);
        CHECK(run.status == 74);
        CHECK(run.out.empty());
        CHECK(run.err == "aafd: audit folder: cannot create the folder " +
                             (f.dir / "taken").string() + ": Not a directory\n");
        auto structure = f.run({"show", "structure", "0123456A", "--json"}, audit);
        CHECK(structure.status == 74);
        CHECK(structure.out.empty());
    }
    SUBCASE("the day file is immutable (chattr +i fails for root too)") {
        auto file = f.only_file();
        if (std::system(("chattr +i " + file.string() + " 2>/dev/null").c_str()) != 0) {
            MESSAGE("chattr +i is not available here: subcase skipped");
            return;
        }
        auto run = f.run({"show", "person", "314159", "--json"});
        [[maybe_unused]] int ignored = std::system(("chattr -i " + file.string()).c_str());
        CHECK(run.status == 74);
        CHECK(run.out.empty());
        CHECK(run.err ==
              "aafd: audit file: cannot open " + file.string() + ": Operation not permitted\n");
    }
}

TEST_CASE("maintain records the deletions") {
    Fixture f;
    REQUIRE(f.import().status == 0);
    REQUIRE(f.run({"maintain"}).status == 0);
    auto records = f.records();
    REQUIRE(records.size() == 2);
    CHECK(records[1].action == "maintain.delete");
    CHECK(records[1].object == f.store);
    CHECK(records[1].detail("grace_days") == "90");
}

TEST_CASE("audit verify: intact, then damaged") {
    Fixture f;
    REQUIRE(f.import().status == 0);
    auto ok = f.run({"audit", "verify"});
    CHECK(ok.status == 0);
    CHECK(ok.out.starts_with("audit trail " + f.audit.string() +
                             ": 1 file(s), 1 record(s) checked, continuing the start of the "
                             "trail\nchain intact; last record: seq 1 hash "));
    auto records = f.records();
    REQUIRE(records.size() == 2);
    CHECK(records[1].action == "audit.verify");
    CHECK(records[1].outcome == "ok");

    auto file = f.only_file();
    std::string bytes = test::read_file(file);
    bytes[bytes.find("set.apply")] = 'S';
    test::write_file(file, bytes);
    auto damaged = f.run({"audit", "verify"});
    CHECK(damaged.status == 65);
    CHECK(damaged.out.find("DAMAGED: " + file.string() +
                           ": line 1 (seq 1): hash does not match the record: it was edited\n") !=
          std::string::npos);
    CHECK(f.records().back().outcome == "failed");
    CHECK(f.run({"audit", "verify", "--since", "yesterday"}).status == 78);
}

TEST_CASE("audit show filters and prints records, it is recorded itself") {
    Fixture f;
    REQUIRE(f.import().status == 0);
    REQUIRE(f.run({"show", "person", "314159"}).status == 0);
    auto json = f.run({"audit", "show", "--action", "person.*", "--json"});
    REQUIRE(json.status == 0);
    auto record = nlohmann::json::parse(json.out);
    CHECK(record["action"] == "person.show");
    CHECK(record["object"] == "314159");
    auto text = f.run({"audit", "show", "--actor", "nobody"});
    CHECK(text.status == 0);
    CHECK(text.out.empty());
    auto all = f.run({"audit", "show"});
    CHECK(all.out.find(" #4 " + sync::process_actor() + " audit.show ") != std::string::npos);
}

TEST_CASE("audit report --csv counts the month's accesses") {
    Fixture f;
    REQUIRE(f.import().status == 0);
    REQUIRE(f.run({"show", "person", "314159"}).status == 0);
    auto month = f.records().front().time.substr(0, 7);
    auto run = f.run({"audit", "report", "--month", month, "--csv"});
    REQUIRE(run.status == 0);
    CHECK(run.out.starts_with("date,hour,utc_offset,actor,connections,files_read,bytes_read,"
                              "data_accesses,not_ok,records\n"));
    CHECK(run.out.find("," + sync::process_actor() + ",0,0,0,") != std::string::npos);
    CHECK(f.run({"audit", "report", "--month", "2025-13"}).status == 78);
}

TEST_CASE("audit report: hours in the machine's local time, with the offset") {
    Fixture f;
    REQUIRE(f.import().status == 0);
    std::string time = f.records().front().time; // "YYYY-MM-DDTHH:MM:SS.mmmZ", UTC
    std::string saved = std::getenv("TZ") ? std::getenv("TZ") : "";
    ::setenv("TZ", "XXX-5:30", 1); // 5 h 30 ahead of UTC, all year
    ::tzset();
    auto run = f.run({"audit", "report", "--month", time.substr(0, 7), "--csv"});
    saved.empty() ? ::unsetenv("TZ") : ::setenv("TZ", saved.c_str(), 1);
    ::tzset();
    REQUIRE(run.status == 0);
    int utc_hour = std::stoi(time.substr(11, 2)), utc_minute = std::stoi(time.substr(14, 2));
    int local_hour = (utc_hour + 5 + (utc_minute + 30) / 60) % 24;
    char expected[32];
    std::snprintf(expected, sizeof expected, ",%02d:00,+05:30,", local_hour);
    CHECK(run.out.find(expected) != std::string::npos);
}

TEST_CASE("audit purge with nothing past retention says so and is recorded") {
    Fixture f;
    REQUIRE(f.import().status == 0);
    auto run = f.run({"audit", "purge"});
    CHECK(run.status == 0);
    CHECK(run.out == "nothing to purge: no day older than 365 days\n");
    CHECK(f.records().back().action == "audit.purge");
    CHECK(f.run({"audit", "verify"}).status == 0);
}
