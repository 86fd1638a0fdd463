// Attacks on aafd's files (issue 20) replayed with the real binary: root running a
// command over folders another user can write (H2: planted symbolic links are never
// followed, the target stays untouched and the command says why), and a umask of 000
// (M5: the store and its -wal/-shm, the spool, the trail and the outbox keep their modes).
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "tests/daemon/aafd_process.hpp"
#include "tests/daemon/cli_sets.hpp"
#include "tests/test_support.hpp"
#include "util/date.hpp"

using namespace aafd;
namespace fs = std::filesystem;

namespace {

mode_t mode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 07777;
}

struct Fixture {
    test::TempDir dir;
    fs::path store = dir / "aafd.db";
    fs::path audit = dir / "audit";
    fs::path incoming = dir / "incoming";
    fs::path config = dir / "aafd.toml";
    fs::path target = dir / "root-only"; // what a planted link points at

    Fixture() {
        fs::create_directories(audit);
        fs::create_directories(incoming);
        test::write_file(target, "secret\n");
        ::chmod(target.c_str(), 0600);
        test::write_file(
            config, "[store]\npath = \"" + store.string() + "\"\n[spool]\npath = \"" +
                        (dir / "spool").string() + "\"\n[audit]\ndir = \"" + audit.string() +
                        "\"\n[[source]]\nname = \"demo\"\n" + "local_dir = \"" + incoming.string() +
                        "\"\n" + "[[provider]]\nname = \"college\"\nschools = [\"0860105X\"]\n" +
                        "outbox = \"" + (dir / "outbox").string() + "\"\n");
    }
    // `aafd ARGS --config FILE`, with `umask` in the child; its exit status.
    int run(std::vector<std::string> args, mode_t umask = 022) {
        args.insert(args.end(), {"--config", config.string(), "--log-level", "warn"});
        pid_t pid = test::start_aafd(args, dir / "out", dir / "err", [umask] { ::umask(umask); });
        return test::wait_aafd(pid);
    }
    std::string err() { return test::read_file(dir / "err"); }
    int import() {
        return run(
            {"import", "--source", "demo", test::write_college_set(dir / "college").string()});
    }
};

} // namespace

TEST_CASE("H2: a symbolic link planted as audit.lock is not followed: nothing created there") {
    Fixture f;
    fs::create_symlink(f.dir / "anywhere", f.audit / "audit.lock");
    CHECK(f.import() == 74);
    CHECK(f.err().find("refusing to open " + (f.audit / "audit.lock").string() +
                       ": it is a symbolic link") != std::string::npos);
    CHECK_FALSE(fs::exists(f.dir / "anywhere"));
}

TEST_CASE("H2: a symbolic link planted as today's audit file is not followed: target intact") {
    Fixture f;
    auto today = f.audit / (to_iso(utc_date(std::chrono::system_clock::now())) + ".jsonl");
    fs::create_symlink(f.target, today);
    CHECK(f.import() == 74);
    // Read (O_NOFOLLOW: "Too many levels of symbolic links") before it is written.
    CHECK(f.err().find(today.string() + ": ") != std::string::npos);
    CHECK(f.err().find("symbolic link") != std::string::npos);
    CHECK(test::read_file(f.target) == "secret\n");
}

TEST_CASE("H2: a symbolic link planted as a spool .part file is not followed: target intact") {
    Fixture f;
    auto set = test::write_college_set(f.dir / "college");
    for (const auto& entry : fs::directory_iterator(set))
        fs::copy_file(entry.path(), f.incoming / entry.path().filename());
    auto name = fs::directory_iterator(f.incoming)->path().filename().string();
    fs::create_directories(f.dir / "spool" / "demo" / "ready");
    auto part = f.dir / "spool" / "demo" / "ready" / (name + ".part");
    fs::create_symlink(f.target, part);
    CHECK(f.run({"run", "--once"}) != 0);
    CHECK(f.err().find("refusing to open " + part.string() + ": it is a symbolic link") !=
          std::string::npos);
    CHECK(test::read_file(f.target) == "secret\n");
}

TEST_CASE("M5: under umask 000 the store, spool, trail and outbox are private") {
    Fixture f;
    fs::remove(f.audit);
    auto set = test::source_path("fixtures/demo/20250907-Complet");
    for (const auto& entry : fs::directory_iterator(set))
        fs::copy_file(entry.path(), f.incoming / entry.path().filename());
    REQUIRE(f.run({"run", "--once"}, 0) == 0);
    CHECK(mode_of(f.store) == 0600);
    for (const auto* suffix : {"-wal", "-shm"})
        if (fs::exists(f.store.string() + suffix))
            CHECK(mode_of(f.store.string() + suffix) == 0600);
    // The daemon's state holds ids, times and errors only, no personal data: 0644, so that
    // `aafd status` reads it as any user (issue 19).
    CHECK(mode_of(f.dir / "aafd.state.json") == 0644);
    for (const auto& entry : fs::recursive_directory_iterator(f.dir / "spool")) {
        INFO(entry.path());
        if (entry.is_directory())
            CHECK(mode_of(entry.path()) == 0700);
        else // exports 0600, the feed's batches 0640
            CHECK((mode_of(entry.path()) | 0040) == 0640);
    }
    CHECK(mode_of(f.audit) == 0750);
    for (const auto& entry : fs::directory_iterator(f.audit))
        CHECK(mode_of(entry.path()) == 0640);
    CHECK(mode_of(f.dir / "outbox") == 0750);
    REQUIRE_FALSE(fs::is_empty(f.dir / "outbox"));
    for (const auto& entry : fs::directory_iterator(f.dir / "outbox"))
        CHECK(mode_of(entry.path()) == 0640);
}

TEST_CASE("L3: an outbox that is the spool, or in it, is refused by every command") {
    Fixture f;
    for (auto outbox : {f.dir / "spool", f.dir / "spool" / "feed" / "college"}) {
        test::write_file(f.config, "[spool]\npath = \"" + (f.dir / "spool").string() +
                                       "\"\n[[provider]]\nname = \"college\"\nschools = "
                                       "[\"0860105X\"]\noutbox = \"" +
                                       outbox.string() + "\"\n");
        for (std::vector<std::string> command :
             {std::vector<std::string>{"check-config"}, {"feed", "deliver"}}) {
            CHECK(f.run(command) == 78);
            CHECK(f.err() == "aafd: " + f.config.string() + ":3: provider.outbox " +
                                 outbox.string() + " must be outside the spool " +
                                 (f.dir / "spool").string() + " (and not hold it)\n");
        }
    }
}
