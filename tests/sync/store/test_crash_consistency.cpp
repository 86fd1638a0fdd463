// Crash consistency of the import: a child process imports the demo académie's series
// (7 dates, 14 sets, multi-chunk files, small blocks) through a FaultStore that sends
// itself SIGKILL before its n-th store write; then the store must pass integrity_check
// and the consistency check, and a retry must leave exactly what an uninterrupted run
// leaves. The first set, into the empty store, is written through a rollback journal as
// a large one is (a kill leaves a hot journal), the others through the WAL. 60 kill
// points spread over the run's 1,866 writes in CI (20 s); the soak, AAFD_SOAK=1, kills
// before every write (≈ 10 min), AAFD_SOAK=N before every Nth.
#include <csignal>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "sync/import/import_engine.hpp"
#include "sync/store/sqlite_store.hpp"
#include "sync/store/store_check.hpp"
#include "tests/sync/fault_store.hpp"
#include "tests/sync/import_options.hpp"
#include "tests/sync/store_dump.hpp"
#include "tests/test_support.hpp"
#include "util/logger.hpp"

using namespace aafd;
using namespace aafd::sync;
namespace fs = std::filesystem;

namespace {

using namespace std::chrono;
const system_clock::time_point k_now = sys_days{year{2025} / September / 15} + hours{2};
constexpr std::size_t k_ci_points = 60;

std::vector<fs::path> demo_series() {
    std::vector<fs::path> sets;
    for (const auto& entry : fs::directory_iterator(test::source_path("fixtures/demo")))
        sets.push_back(entry.path());
    std::sort(sets.begin(), sets.end());
    return sets;
}

// Imports the series into the store at `path`, `before_write` called before each write.
// Returns the number of writes, or the error that stopped the import.
Result<std::uint64_t> import_series(const std::string& path,
                                    const test::FaultStore::Hook& before_write) {
    // The first set through a rollback journal, as a large one would be.
    auto store = open_sqlite_store(path, {.rollback_journal_from_bytes = 0});
    if (!store)
        return std::unexpected(store.error());
    test::FaultStore faulty(**store, before_write);
    NoProgress progress;
    ImportOptions options = test::import_options("demo");
    options.read.block_size = 8 << 10; // ≈ 6 records a block: many blocks per file
    ImportEngine engine(faulty, options, k_now, progress);
    auto report = engine.run(demo_series());
    if (report.error)
        return std::unexpected(*report.error);
    return faulty.writes();
}

Result<std::uint64_t> import_series(const std::string& path) {
    return import_series(path, [](std::uint64_t) -> Result<void> { return {}; });
}

// Runs the import in a child that kills itself with SIGKILL before write `n`; returns the
// child's wait status.
int import_killed_at(const std::string& path, std::uint64_t n) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        spdlog::set_level(spdlog::level::off);
        auto done = import_series(path, [n](std::uint64_t write) -> Result<void> {
            if (write == n)
                ::raise(SIGKILL);
            return {};
        });
        ::_exit(done ? 0 : 3);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return status;
}

struct Baseline {
    std::uint64_t writes = 0;
    std::string dump;
};

const Baseline& baseline() {
    static const Baseline computed = [] {
        test::TempDir dir;
        auto path = (dir / "store.db").string();
        auto writes = import_series(path);
        REQUIRE(writes);
        return Baseline{*writes, test::dump_store(path)};
    }();
    return computed;
}

// Distinct write numbers spread evenly over 1..writes.
std::vector<std::uint64_t> kill_points(std::uint64_t writes) {
    std::vector<std::uint64_t> points;
    if (const char* soak = std::getenv("AAFD_SOAK")) {
        std::uint64_t step = std::max<std::uint64_t>(std::strtoull(soak, nullptr, 10), 1);
        for (std::uint64_t n = 1; n <= writes; n += step)
            points.push_back(n);
        return points;
    }
    for (std::size_t i = 0; i < k_ci_points; ++i)
        points.push_back(1 + i * (writes - 1) / (k_ci_points - 1));
    return points;
}

void check_consistent(const std::string& path) {
    CHECK(test::integrity_check(path) == "ok|\n");
    auto report = check_store_file(path);
    REQUIRE(report);
    for (const auto& finding : report->findings)
        FAIL_CHECK(finding.text());
}

// Keeps the import's info lines out of the test output while the points run.
struct QuietLogs {
    spdlog::level::level_enum before = spdlog::get_level();
    QuietLogs() { spdlog::set_level(spdlog::level::warn); }
    ~QuietLogs() { spdlog::set_level(before); }
};

} // namespace

TEST_CASE("the uninterrupted run: a consistent store, and enough writes to spread kills over") {
    const Baseline& run = baseline();
    CHECK(run.writes > 5 * k_ci_points);
    CHECK(run.dump.find("journal\n1|1|") != std::string::npos);
}

TEST_CASE("SIGKILL at spread write points, then a retry: consistent, and as if never killed") {
    QuietLogs quiet;
    const Baseline& run = baseline();
    auto points = kill_points(run.writes);
    REQUIRE(points.size() >= 50);
    CHECK(std::adjacent_find(points.begin(), points.end()) == points.end());
    MESSAGE(points.size() << " kill points over " << run.writes << " writes");
    std::size_t hot_journals = 0; // kills in the first set, which leave its rollback journal
    for (auto n : points) {
        CAPTURE(n);
        test::TempDir dir;
        auto path = (dir / "store.db").string();
        int status = import_killed_at(path, n);
        REQUIRE(WIFSIGNALED(status));
        REQUIRE(WTERMSIG(status) == SIGKILL);
        hot_journals += fs::exists(path + "-journal") ? 1 : 0;
        check_consistent(path);
        auto retried = import_series(path);
        REQUIRE(retried);
        check_consistent(path);
        CHECK(test::dump_store(path) == run.dump);
    }
    CHECK(hot_journals > 0);
}
