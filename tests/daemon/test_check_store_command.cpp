// `aafd check-store` (daemon/check_store_command.cpp): what it prints and its exit
// status on a consistent store, a corrupted one and a missing one.
#include <doctest/doctest.h>

#include "sync/store/sqlite.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/daemon/cli_sets.hpp"
#include "tests/test_support.hpp"

using namespace aafd;

namespace {

struct Fixture {
    test::TempDir dir;
    std::string store = (dir / "aafd.db").string();

    test::CliRun run(std::vector<std::string> args) {
        args.insert(args.end(), {"--store", store, "--source", "demo", "--log-level", "warn",
                                 "--audit-dir", (dir / "audit").string()});
        return test::run_cli(args);
    }
};

} // namespace

TEST_CASE("check-store: consistent (0), inconsistent (13), missing store (66)") {
    Fixture f;
    auto missing = f.run({"check-store"});
    CHECK(missing.status == 66);
    CHECK(missing.err == "aafd: store " + f.store + " does not exist\n");

    REQUIRE(f.run({"import", test::write_pupil_set(f.dir / "pupil").string()}).status == 0);
    auto clean = f.run({"check-store"});
    CHECK(clean.status == 0);
    CHECK(clean.out == "store " + f.store +
                           ": 2 objects, 4 references, 2 journal entries, 1 applied sets\n"
                           "consistent\n");

    {
        auto db = sync::Database::open(f.store, sync::OpenMode::ReadWrite);
        REQUIRE(db);
        REQUIRE(db->exec("DELETE FROM reference; UPDATE object SET hash = 7 WHERE rowid = 1"));
    }
    auto broken = f.run({"check-store"});
    CHECK(broken.status == 13);
    CHECK(broken.out.find("object rowid 1: hash 7 does not match its attributes") !=
          std::string::npos);
    CHECK(broken.out.find("reference object 2 structure ") != std::string::npos);
    CHECK(broken.out.ends_with("5 problem(s) found\n"));
}
