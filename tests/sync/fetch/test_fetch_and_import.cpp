// End to end with real parts: the demo's first full set and first delta are served by
// a real OpenSSH sshd, fetched over SFTP into the spool, imported into a real SQLite
// store, and give the same store as importing the same files from disk.
#include <doctest/doctest.h>

#include "sync/audit/audit_log.hpp"
#include "sync/fetch/fetcher.hpp"
#include "sync/import/import_engine.hpp"
#include "sync/store/sqlite_store.hpp"
#include "tests/sync/import_options.hpp"
#include "tests/sync/sshd_fixture.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

using namespace std::chrono;
const system_clock::time_point k_now = sys_days{year{2025} / September / 9};

std::size_t serve_folder(const test::SshdFixture& sshd, const std::filesystem::path& folder) {
    std::size_t served = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        sshd.serve(entry.path().filename().string(), test::read_file(entry.path()));
        ++served;
    }
    return served;
}

std::vector<SetReport> import_folder(const std::filesystem::path& db,
                                     const std::filesystem::path& folder) {
    auto store = open_sqlite_store(db.string());
    REQUIRE(store);
    NoProgress progress;
    ImportOptions options = test::import_options("poitiers");
    auto report = ImportEngine(**store, options, k_now, progress).run({folder});
    REQUIRE_FALSE(report.error);
    return report.sets;
}

} // namespace

TEST_CASE("a full and a delta set fetched over SFTP, then imported") {
    test::SshdFixture sshd;
    auto demo = test::source_path("fixtures/demo");
    std::size_t served =
        serve_folder(sshd, demo / "20250907-Complet") + serve_folder(sshd, demo / "20250908-Delta");
    test::TempDir spool;
    FetchOptions options = test::fetch_options_for(sshd, spool.path());
    MemoryAudit audit;
    auto fetched = fetch_source(options, audit, system_clock::now());
    REQUIRE(fetched);
    CHECK(fetched->fetched.size() == served);

    test::TempDir stores;
    auto over_sftp = import_folder(stores / "sftp.db", fetched->ready_dir);
    auto copy = stores / "copy";
    std::filesystem::create_directories(copy);
    for (auto folder : {"20250907-Complet", "20250908-Delta"})
        for (const auto& entry : std::filesystem::directory_iterator(demo / folder))
            std::filesystem::copy_file(entry.path(), copy / entry.path().filename());
    auto from_disk = import_folder(stores / "disk.db", copy);

    REQUIRE(over_sftp.size() == 4);
    REQUIRE(from_disk.size() == over_sftp.size());
    for (std::size_t i = 0; i < over_sftp.size(); ++i) {
        CAPTURE(over_sftp[i].label);
        CHECK(over_sftp[i].label == from_disk[i].label);
        CHECK(over_sftp[i].outcome == SetOutcome::Applied);
        CHECK(total(over_sftp[i].counts) == total(from_disk[i].counts));
    }
    CHECK(over_sftp[2].kind == SetKind::Delta);
    CHECK(total(over_sftp[2].counts).records > 0);
}

TEST_CASE("an audit trail that cannot be written stops the fetch before any access") {
    test::SshdFixture sshd;
    sshd.serve("ENT2DVA-ENT86_Complet_20250907_Eleve_0000.xml", "<ficAlimMENESR/>");
    test::TempDir dir;
    // A folder under a regular file: "Not a directory", whoever runs the test (root too).
    test::write_file(dir / "not-a-folder", "x");
    AuditLog trail({.dir = dir / "not-a-folder" / "audit", .actor = "alice"});
    FetchOptions options = test::fetch_options_for(sshd, dir / "spool");
    auto fetched = fetch_source(options, trail, system_clock::now());
    REQUIRE_FALSE(fetched);
    CHECK(fetched.error().code == ErrorCode::Io);
    CHECK(fetched.error().message.find("not-a-folder") != std::string::npos);
    auto ready = dir / "spool" / "poitiers" / "ready";
    CHECK((!std::filesystem::exists(ready) || std::filesystem::is_empty(ready)));
}
