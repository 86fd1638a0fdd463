// Resource faults met by the real `aafd import` binary: the file size limit (ulimit -f)
// hit while the store grows, a read-only store (file and folder), and a store locked by
// another process. Each time: a clean error naming the store and the documented exit
// status, the store as it was before, and a next run that succeeds.
#include <pwd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "sync/store/sqlite.hpp"
#include "tests/daemon/aafd_process.hpp"
#include "tests/sync/store_dump.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
namespace fs = std::filesystem;

namespace {

constexpr uid_t k_nobody = 65534;

fs::path demo(const std::string& set) { return test::source_path("fixtures/demo/" + set); }

// The files of one flow's set in the demo: "ENT1DVA" or "ENT2DVA".
std::vector<std::string> demo_files(const std::string& set, const std::string& prefix) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(demo(set)))
        if (entry.path().filename().string().starts_with(prefix))
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

struct Fixture {
    test::TempDir dir;
    fs::path home = dir / "aafd"; // store, audit trail, outputs
    fs::path store = home / "aafd.db";
    fs::path config = dir / "aafd.toml";

    Fixture() {
        fs::create_directories(home);
        test::write_file(config, "[store]\npath = \"" + store.string() + "\"\n[audit]\ndir = \"" +
                                     (home / "audit").string() + "\"\n");
    }
    struct Outcome {
        int status = -1;
        std::string err;
    };
    Outcome import(
        const fs::path& set, const std::function<void()>& in_child = [] {}) {
        return import_files({set.string()}, in_child);
    }
    Outcome import_files(
        const std::vector<std::string>& files, const std::function<void()>& in_child = [] {}) {
        std::vector<std::string> args{"import", "--config",    config.string(), "--source",
                                      "demo",   "--log-level", "error"};
        args.insert(args.end(), files.begin(), files.end());
        pid_t pid = test::start_aafd(args, dir / "out", dir / "err", in_child);
        int status = test::wait_aafd(pid);
        return {status, test::read_file(dir / "err")};
    }
    std::string dump() { return test::dump_store(store.string()); }
};

// The store and its folder as a user without the right to write them: root writes
// anything, so a test running as root imports as nobody, owner of the home folder.
void as_nobody_if_root(const fs::path& home) {
    if (::geteuid() != 0)
        return;
    fs::permissions(home.parent_path(), fs::perms::owner_all | fs::perms::group_exec |
                                            fs::perms::others_read | fs::perms::others_exec);
    for (const auto& entry : fs::recursive_directory_iterator(home))
        REQUIRE(::chown(entry.path().c_str(), k_nobody, k_nobody) == 0);
    REQUIRE(::chown(home.c_str(), k_nobody, k_nobody) == 0);
}

// As after a clean stop: no -wal or -shm file. The tests' dumps, read-only connections of
// root, leave empty ones (with the store's mode), which nobody may not write.
void remove_empty_wal(const fs::path& store) {
    for (const auto* suffix : {"-wal", "-shm"}) {
        fs::path file = store.string() + suffix;
        if (std::string(suffix) == "-wal" && fs::exists(file))
            REQUIRE(fs::file_size(file) == 0);
        fs::remove(file);
    }
}

void become_nobody_if_root() {
    if (::geteuid() == 0 && (::setgid(k_nobody) != 0 || ::setuid(k_nobody) != 0))
        ::_exit(126);
}

} // namespace

TEST_CASE("file size limit hit while the store grows: exit 74, store unchanged, retry works") {
    Fixture f;
    REQUIRE(f.import_files(demo_files("20250907-Complet", "ENT1DVA")).status == 0);
    std::string before = f.dump();
    // The 2D set's 385 creations take more than 128 KiB of write-ahead log.
    auto limited = f.import_files(demo_files("20250907-Complet", "ENT2DVA"), [] {
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit rl{128 << 10, 128 << 10};
        ::setrlimit(RLIMIT_FSIZE, &rl);
    });
    CHECK(limited.status == 74);
    CHECK(limited.err.ends_with("aafd: store " + f.store.string() + ": COMMIT: disk I/O error\n"));
    CHECK(f.dump() == before);
    CHECK(f.import_files(demo_files("20250907-Complet", "ENT2DVA")).status == 0);
    CHECK(f.dump() != before);
}

TEST_CASE("read-only store file: exit 74 naming the store, nothing written, retry works") {
    Fixture f;
    REQUIRE(f.import(demo("20250907-Complet")).status == 0);
    std::string before = f.dump();
    as_nobody_if_root(f.home);
    REQUIRE(::chmod(f.store.c_str(), 0444) == 0);
    auto refused = f.import(demo("20250914-Complet"), become_nobody_if_root);
    CHECK(refused.status == 74);
    CHECK(refused.err ==
          "aafd: store " + f.store.string() + " is not writable by this user: Permission denied\n");
    CHECK(f.dump() == before);
    REQUIRE(::chmod(f.store.c_str(), 0644) == 0);
    remove_empty_wal(f.store);
    auto retried = f.import(demo("20250914-Complet"), become_nobody_if_root);
    CHECK_MESSAGE(retried.status == 0, retried.err);
}

TEST_CASE("store folder not writable: exit 74 naming the store, nothing written, retry works") {
    Fixture f;
    REQUIRE(f.import(demo("20250907-Complet")).status == 0);
    std::string before = f.dump();
    remove_empty_wal(f.store);
    as_nobody_if_root(f.home);
    REQUIRE(::chmod(f.home.c_str(), 0555) == 0);
    auto refused = f.import(demo("20250914-Complet"), become_nobody_if_root);
    CHECK(refused.status == 74);
    CHECK(refused.err == "aafd: store " + f.store.string() + ": its folder " + f.home.string() +
                             " is not writable by this user (the -wal and -shm files go there): "
                             "Permission denied\n");
    REQUIRE(::chmod(f.home.c_str(), 0755) == 0);
    CHECK(f.dump() == before);
    remove_empty_wal(f.store);
    CHECK(f.import(demo("20250914-Complet"), become_nobody_if_root).status == 0);
}

TEST_CASE("store locked by another process: exit 75 naming the store, retry works") {
    Fixture f;
    REQUIRE(f.import(demo("20250907-Complet")).status == 0);
    std::string before = f.dump();
    int ready[2], release[2];
    REQUIRE(::pipe(ready) == 0);
    REQUIRE(::pipe(release) == 0);
    pid_t holder = ::fork();
    REQUIRE(holder >= 0);
    if (holder == 0) {
        ::close(ready[0]);
        ::close(release[1]);
        auto db = sync::Database::open(f.store.string(), sync::OpenMode::ReadWrite);
        bool locked = db && db->exec("BEGIN IMMEDIATE");
        char byte = locked ? '1' : '0';
        (void)!::write(ready[1], &byte, 1);
        (void)!::read(release[0], &byte, 1);
        ::_exit(0);
    }
    ::close(ready[1]);
    ::close(release[0]);
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    REQUIRE(byte == '1');
    auto busy = f.import(demo("20250914-Complet"));
    CHECK(busy.status == 75);
    CHECK(busy.err.ends_with("aafd: store " + f.store.string() +
                             " is locked by another process (another aafd import?); try again "
                             "when it has finished\n"));
    ::close(release[1]);
    CHECK(test::wait_aafd(holder) == 0);
    CHECK(f.dump() == before);
    CHECK(f.import(demo("20250914-Complet")).status == 0);
}

TEST_CASE("audit trail not writable: the import stops before its first set, exit 74") {
    Fixture f;
    test::write_file(f.home / "audit", "a file where the trail's folder should be\n");
    auto refused =
        f.import_files({demo("20250907-Complet").string(), demo("20250914-Complet").string()});
    CHECK(refused.status == 74);
    INFO(refused.err);
    CHECK(refused.err.find("\naafd: set ") != std::string::npos);
    CHECK(
        refused.err.find(" Complet 2025-09-07 not applied: its audit record cannot be written: ") !=
        std::string::npos);
    auto db = sync::Database::open(f.store.string(), sync::OpenMode::ReadOnly);
    REQUIRE(db);
    auto sets = db->prepare("SELECT count(*) FROM applied_set");
    REQUIRE(sets);
    REQUIRE(sets->step());
    CHECK(sets->column_int(0) == 0);
}
