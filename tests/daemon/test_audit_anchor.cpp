// Attack M3 of issue 20 on the command line: the audit trail is anchored in the store (each
// applied set keeps the trail's head), so `aafd audit verify` sees a cut tail, a rewritten
// chain, a forged purge anchor and a wiped folder, though the chain left in the folder is
// whole each time.
#include <doctest/doctest.h>

#include "sync/audit/audit_log.hpp"
#include "sync/audit/files.hpp"
#include "sync/store/audit_heads.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/daemon/cli_sets.hpp"
#include "tests/test_support.hpp"
#include "util/date.hpp"

using namespace aafd;
namespace fs = std::filesystem;

namespace {

struct Fixture {
    test::TempDir dir;
    std::string store = (dir / "aafd.db").string();
    fs::path audit = dir / "audit";

    test::CliRun run(std::vector<std::string> args) {
        args.insert(args.end(), {"--store", store, "--source", "demo", "--log-level", "warn",
                                 "--audit-dir", audit.string()});
        return test::run_cli(args);
    }
    // Two sets applied, seq 1 and 2 of the trail, each anchored in the store.
    Fixture() {
        REQUIRE(run({"import", test::write_college_set(dir / "first").string()}).status == 0);
        auto second = dir / "second";
        test::write_export(second, "ENT2DVA-ENT16", "Complet", "20240917", Category::Structure,
                           {{"43", {{"ENTStructureUAI", {"0123456A"}}}}});
        test::write_export(second, "ENT2DVA-ENT16", "Complet", "20240917", Category::Staff,
                           {test::college_staff("314159", "AAAA")});
        REQUIRE(run({"import", "--allow-mass-deletion", second.string()}).status == 0);
    }
    fs::path day_file() {
        auto files = sync::list_audit_files(audit);
        REQUIRE(files);
        REQUIRE(files->size() == 1);
        return files->front().path;
    }
    std::string verify_damage() {
        auto verify = run({"audit", "verify"});
        CHECK(verify.status == 65);
        auto at = verify.out.find("DAMAGED: " + store + ": ");
        REQUIRE(at != std::string::npos);
        return verify.out.substr(at + 9 + store.size() + 2);
    }
};

std::string head_of_set(int set, std::uint64_t seq) {
    return "the store recorded seq " + std::to_string(seq) + " for set " + std::to_string(set);
}

} // namespace

TEST_CASE("M3: each applied set keeps the trail's head in the store, an intact trail agrees") {
    Fixture f;
    auto heads = sync::load_set_audit_heads(f.store);
    REQUIRE(heads);
    REQUIRE(heads->size() == 2);
    CHECK((*heads)[0].seq == 1);
    CHECK((*heads)[1].seq == 2);
    auto records = sync::read_audit_records(f.audit, std::nullopt, std::nullopt);
    REQUIRE(records);
    CHECK((*heads)[1].hash == (*records)[1].hash);
    CHECK(f.run({"audit", "verify"}).status == 0);
}

TEST_CASE("M3: a cut tail is seen, though the chain left is whole") {
    Fixture f;
    auto file = f.day_file();
    auto bytes = test::read_file(file);
    test::write_file(file, bytes.substr(0, bytes.find('\n') + 1)); // seq 1 only
    auto damage = f.verify_damage();
    CHECK(damage.starts_with("the trail ends at seq 1, but " + head_of_set(2, 2)));
    CHECK(damage.ends_with(": its tail was cut\n"));
}

TEST_CASE("M3: a chain rewritten and hashed again is seen") {
    Fixture f;
    fs::remove(f.day_file());
    sync::AuditLog forged({f.audit, "aafd", {}, [](const sync::AuditRecord&) {}});
    for (int i = 0; i < 3; ++i)
        REQUIRE(forged.record({"set.apply", "forged", "ok", {}}));
    auto damage = f.verify_damage();
    CHECK(damage.starts_with("seq 1 of the trail is not the record " + head_of_set(1, 1)));
    CHECK(damage.ends_with(": the chain was rewritten\n"));
}

TEST_CASE("M3: a hand-written purge anchor over deleted records is seen") {
    Fixture f;
    auto records = sync::read_audit_records(f.audit, std::nullopt, std::nullopt);
    REQUIRE(records);
    fs::remove(f.day_file());
    auto today = utc_date(std::chrono::system_clock::now());
    REQUIRE(sync::write_audit_anchor(f.audit, {today, sync::head_of(records->back())}));
    auto damage = f.verify_damage();
    CHECK(damage.starts_with("the anchor claims a purge up to seq 2, but " + head_of_set(1, 1)));
    CHECK(damage.ends_with(": the anchor was forged, records were deleted\n"));
}

TEST_CASE("M3: a wiped audit folder is seen") {
    Fixture f;
    fs::remove_all(f.audit);
    auto damage = f.verify_damage();
    CHECK(damage.starts_with("the trail is empty, but " + head_of_set(1, 1)));
    CHECK(damage.ends_with(": the folder was wiped\n"));
}
