// `aafd set retract ID` (daemon/set_command.cpp) on the command line, as attack M1 of
// issue 20 needs it: a set dated a year ahead (applied under a lax max_future_days)
// blocks its flow until it is retracted; the retraction is in the audit trail with its
// actor, and the next set of the flow is then accepted.
#include <doctest/doctest.h>

#include "sync/audit/actor.hpp"
#include "sync/audit/audit_log.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/sync/export_writer.hpp"
#include "tests/test_support.hpp"

using namespace aafd;

namespace {

struct Fixture {
    test::TempDir dir;
    std::filesystem::path config = dir / "aafd.toml";

    Fixture() { test::write_file(config, "[import]\nmax_future_days = 400\n"); }
    test::CliRun run(std::vector<std::string> args) {
        args.insert(args.end(),
                    {"--config", config.string(), "--store", (dir / "aafd.db").string(), "--source",
                     "demo", "--log-level", "warn", "--audit-dir", (dir / "audit").string()});
        cli::CommandEnvironment today;
        today.now = std::chrono::sys_days{std::chrono::year{2024} / 9 / 10};
        return test::run_cli(args, today);
    }
    std::string set(const std::string& date) {
        const auto folder = dir / date;
        test::write_export(folder, "ENT2DVA-ENT16", "Complet", date, Category::Structure,
                           {{"43", {{"ENTStructureUAI", {"0123456A"}}}}});
        return folder.string();
    }
};

} // namespace

TEST_CASE("set retract: a set dated a year ahead no longer blocks its flow, and is audited") {
    Fixture f;
    REQUIRE(f.run({"import", f.set("20250916")}).status == 0);
    const std::string today = f.set("20240909");
    CHECK(f.run({"import", today}).status == 11);

    const auto retracted = f.run({"set", "retract", "1"});
    CHECK(retracted.status == 0);
    CHECK(retracted.out == "set #1 (2D Complet 2025-09-16, source demo) retracted: later sets "
                           "of its flow are judged without it; the records it wrote stay until "
                           "the next set changes them\n");
    CHECK(f.run({"import", today}).status == 0);

    auto records = sync::read_audit_records(f.dir / "audit", std::nullopt, std::nullopt);
    REQUIRE(records);
    REQUIRE(records->size() == 4); // applied, refused, retracted, applied
    const auto& retraction = (*records)[2];
    CHECK(retraction.action == "set.retract");
    CHECK(retraction.actor == sync::process_actor());
    CHECK(retraction.object == "2D Complet 2025-09-16");
    CHECK(retraction.detail("set_id") == "1");
    CHECK(retraction.detail("source") == "demo");
    CHECK((*records)[3].action == "set.apply");
    CHECK((*records)[3].object == "2D Complet 2024-09-09");
    CHECK((*records)[3].outcome == "ok");
    CHECK(f.run({"set", "retract", "1"}).status != 0); // once only
}
