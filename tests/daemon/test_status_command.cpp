// Specification of `aafd status` (daemon/status_command.cpp) on the real binary: run as
// another user than the one that ran the daemon (root, here), it still reads the
// daemon's last cycle; it shows each provider's phase, last delivery and pending batches.
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/daemon/aafd_process.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
namespace fs = std::filesystem;

namespace {

struct StatusFixture {
    test::TempDir dir;
    fs::path config = dir / "aafd.toml";

    StatusFixture() {
        fs::create_directories(dir / "incoming");
        for (const auto& entry :
             fs::directory_iterator(test::source_path("fixtures/demo/20250907-Complet")))
            fs::copy_file(entry.path(), dir / "incoming" / entry.path().filename());
        test::write_file(config, "[store]\npath = \"" + (dir / "aafd.db").string() +
                                     "\"\n[spool]\npath = \"" + (dir / "spool").string() +
                                     "\"\n[audit]\ndir = \"" + (dir / "audit").string() +
                                     "\"\n[[source]]\nname = \"demo\"\nlocal_dir = \"" +
                                     (dir / "incoming").string() +
                                     "\"\n[[provider]]\nname = \"college\"\nschools = "
                                     "[\"0860105X\"]\noutbox = \"" +
                                     (dir / "outbox").string() + "\"\n");
    }
    test::CliRun run(std::vector<std::string> args) const {
        args.insert(args.end(), {"--config", config.string(), "--log-level", "warn"});
        return test::run_cli(args);
    }
};

} // namespace

TEST_CASE("status after a cycle: per source its last set, per provider its phase, last "
          "delivery and pending batches") {
    StatusFixture f;
    auto cycle = f.run({"run", "--once"});
    INFO(cycle.err);
    REQUIRE(cycle.status == 0);
    auto status = f.run({"status", "--json"});
    REQUIRE(status.status == 0);
    auto json = nlohmann::json::parse(status.out);
    REQUIRE(json["sources"].size() == 1);
    CHECK(json["sources"][0]["last_set"]["date"] == "2025-09-07");
    CHECK(json["sources"][0]["waiting"].empty());
    CHECK(json["sources"][0]["refused"].is_null());
    REQUIRE(json["providers"].size() == 1);
    CHECK(json["providers"][0]["phase"] == "running");
    CHECK(json["providers"][0]["last_delivery"].get<std::string>().starts_with("20"));
    CHECK(json["providers"][0]["pending_batches"] == 0);
    CHECK(json["providers"][0]["last_error"] == "");
    auto text = f.run({"status"});
    CHECK(text.out.find("source demo: last set 2D Complet 2025-09-07 applied ") !=
          std::string::npos);
    CHECK(text.out.find("provider college: running, last delivery 20") != std::string::npos);
}

TEST_CASE("status run as another user reads the daemon's state written by root") {
    if (::geteuid() != 0) {
        MESSAGE("not root: cannot run status as another user");
        return;
    }
    StatusFixture f;
    REQUIRE(f.run({"run", "--once"}).status == 0);
    ::chmod(f.dir.path().c_str(), 0755);
    // The store is created 0600 (issue 20, M5): a monitoring account reads it only where the
    // operator has opened it to that account; here to everyone, so that the reader cannot
    // create the -shm file beside it (the folder is root's).
    ::chmod((f.dir / "aafd.db").c_str(), 0644);
    pid_t pid = test::start_aafd({"status", "--config", f.config.string(), "--log-level", "warn"},
                                 f.dir / "out", f.dir / "err", [] {
                                     if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                                         ::_exit(126);
                                 });
    CHECK(test::wait_aafd(pid) == 0);
    auto out = test::read_file(f.dir / "out");
    INFO(out);
    INFO(test::read_file(f.dir / "err"));
    CHECK(out.find("last cycle: ") != std::string::npos);
    CHECK(out.find("never ran") == std::string::npos);
}
