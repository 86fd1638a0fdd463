// The real `aafd import` binary killed with SIGKILL at wall-clock offsets spread over an
// uninterrupted run of the demo académie's series (small blocks): after each kill the
// store passes integrity_check and check-store, the retry exits 0, the store then holds
// what the uninterrupted run left, and the audit trail still verifies. The offsets come
// from the measured duration of the uninterrupted run; nothing asserts on time.
#include <thread>

#include <doctest/doctest.h>

#include "sync/store/store_check.hpp"
#include "tests/daemon/aafd_process.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/sync/store_dump.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
namespace fs = std::filesystem;

namespace {

constexpr int k_offsets = 8;

struct Run {
    test::TempDir dir;
    fs::path store = dir / "aafd.db";
    fs::path config = dir / "aafd.toml";

    Run() {
        test::write_file(config, "[store]\npath = \"" + store.string() +
                                     "\"\n[import]\nblock_size = 8192\n[audit]\ndir = \"" +
                                     (dir / "audit").string() + "\"\n");
    }
    std::vector<std::string> args(const std::string& command) const {
        std::vector<std::string> all{command, "--config", config.string(), "--log-level", "warn"};
        if (command == "import") {
            all.insert(all.end(), {"--source", "demo"});
            for (const auto& entry : fs::directory_iterator(test::source_path("fixtures/demo")))
                all.push_back(entry.path().string());
        }
        return all;
    }
    pid_t start_import() const {
        return test::start_aafd(args("import"), dir / "out", dir / "err");
    }
    int import() const { return test::wait_aafd(start_import()); }
};

// A kill before the store's creation committed leaves an empty database, which the
// next run creates the tables in.
bool is_empty_database(const fs::path& store) {
    auto db = sync::Database::open(store.string(), sync::OpenMode::ReadOnly);
    REQUIRE(db);
    return test::dump_query(*db, "SELECT count(*) FROM sqlite_schema", 1) == "0|\n";
}

void check_consistent(const fs::path& store) {
    CHECK(test::integrity_check(store.string()) == "ok|\n");
    auto report = sync::check_store_file(store.string());
    if (!report && is_empty_database(store))
        return;
    REQUIRE_MESSAGE(report, report.error().message);
    for (const auto& finding : report->findings)
        FAIL_CHECK(finding.text());
}

} // namespace

TEST_CASE("aafd import killed with SIGKILL at spread offsets, then retried") {
    Run uninterrupted;
    auto started = std::chrono::steady_clock::now();
    REQUIRE(uninterrupted.import() == 0);
    auto duration = std::chrono::steady_clock::now() - started;
    std::string expected = test::dump_store(uninterrupted.store.string());
    int killed = 0;
    for (int k = 1; k <= k_offsets; ++k) {
        auto offset = duration * k / (k_offsets + 1);
        CAPTURE(std::chrono::duration_cast<std::chrono::milliseconds>(offset).count());
        Run run;
        pid_t pid = run.start_import();
        std::this_thread::sleep_for(offset);
        ::kill(pid, SIGKILL);
        int status = test::wait_aafd(pid);
        killed += status == 128 + SIGKILL;
        if (fs::exists(run.store))
            check_consistent(run.store);
        REQUIRE(run.import() == 0);
        check_consistent(run.store);
        CHECK(test::dump_store(run.store.string()) == expected);
        auto verify = test::run_cli({"audit", "verify", "--config", run.config.string()});
        CHECK_MESSAGE(verify.status == 0, verify.out, verify.err);
    }
    MESSAGE(killed << " of " << k_offsets << " runs were killed before they ended");
    CHECK(killed > 0);
}

TEST_CASE("aafd import stopped by SIGINT: exit 130, the set audited as failed, nothing applied") {
    Run run;
    // Blocked from before the fork, the signal waits for aafd to unblock it (StopSignals):
    // the stop is then asked before the first set, whatever the machine's speed.
    sigset_t interrupt, previous;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    REQUIRE(::pthread_sigmask(SIG_BLOCK, &interrupt, &previous) == 0);
    pid_t pid = run.start_import();
    REQUIRE(::pthread_sigmask(SIG_SETMASK, &previous, nullptr) == 0);
    ::kill(pid, SIGINT);
    CHECK(test::wait_aafd(pid) == 128 + SIGINT);
    std::string err = test::read_file(run.dir / "err");
    CHECK_MESSAGE(err.find("aafd: import interrupted before set ") != std::string::npos, err);
    check_consistent(run.store);
    auto status = test::run_cli({"status", "--json", "--config", run.config.string()});
    CHECK_MESSAGE(status.out.find("\"sets\": []") != std::string::npos, status.out);
    auto trail = test::run_cli({"audit", "show", "--config", run.config.string()});
    CHECK_MESSAGE(trail.out.find("import interrupted before set") != std::string::npos, trail.out);
    auto verify = test::run_cli({"audit", "verify", "--config", run.config.string()});
    CHECK_MESSAGE(verify.status == 0, verify.out, verify.err);
    CHECK(run.import() == 0);
}
