// Specification of util/file.hpp: the owner of a file descriptor, replacing a file
// atomically with the mode asked (and how it fails: the target stays whole, no
// temporary file is left), and the fsync of a folder.
#include <csignal>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <doctest/doctest.h>

#include "tests/test_support.hpp"
#include "util/file.hpp"

using namespace aafd;

namespace {

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

mode_t mode_of(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 07777;
}

} // namespace

TEST_CASE("Fd closes its descriptor when it goes, once, wherever it was moved") {
    test::TempDir dir;
    test::write_file(dir / "file", "x");
    int raw = ::open((dir / "file").c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(raw >= 0);
    {
        Fd first(raw);
        CHECK(bool(first));
        Fd second(std::move(first));
        CHECK_FALSE(bool(first));
        CHECK(second.get() == raw);
        Fd third;
        CHECK_FALSE(bool(third));
        third = std::move(second);
        CHECK(third.get() == raw);
        CHECK(is_open(raw));
    }
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("Fd::release gives the descriptor up without closing it") {
    test::TempDir dir;
    test::write_file(dir / "file", "x");
    int raw = ::open((dir / "file").c_str(), O_RDONLY | O_CLOEXEC);
    {
        Fd fd(raw);
        CHECK(fd.release() == raw);
        CHECK_FALSE(bool(fd));
    }
    CHECK(is_open(raw));
    ::close(raw);
}

TEST_CASE("Fd assigned another closes the one it held") {
    test::TempDir dir;
    test::write_file(dir / "file", "x");
    int first = ::open((dir / "file").c_str(), O_RDONLY | O_CLOEXEC);
    int second = ::open((dir / "file").c_str(), O_RDONLY | O_CLOEXEC);
    Fd fd(first);
    fd = Fd(second);
    CHECK_FALSE(is_open(first));
    CHECK(fd.get() == second);
}

TEST_CASE("a file written atomically replaces its target whole, with the mode asked") {
    test::TempDir dir;
    auto path = dir / "aafd.prom";
    test::write_file(path, "old\n");
    auto previous_umask = ::umask(0077);
    auto written = write_file_atomically(path, "new\n", 0644);
    ::umask(previous_umask);
    REQUIRE(written.has_value());
    CHECK(test::read_file(path) == "new\n");
    CHECK(mode_of(path) == 0644); // whatever the umask
    REQUIRE(write_file_atomically(dir / "state.json", "", 0600));
    CHECK(test::read_file(dir / "state.json").empty());
    CHECK(mode_of(dir / "state.json") == 0600);
    CHECK(test::file_names_in(dir.path()) == std::vector<std::string>{"aafd.prom", "state.json"});
}

// The skippable cases are separate test cases: doctest stops discovering the subcases
// of a test case when one returns early.
TEST_CASE("an atomic write into a missing folder fails, naming the file") {
    test::TempDir dir;
    auto target = dir / "missing" / "batch.jsonl";
    auto written = write_file_atomically(target, "x\n", 0640);
    REQUIRE_FALSE(written);
    CHECK(written.error().code == ErrorCode::Io);
    CHECK(written.error().message ==
          "cannot create a temporary file for " + target.string() + ": No such file or directory");
}

TEST_CASE("an atomic write into a folder without write permission fails") {
    if (::geteuid() == 0) {
        MESSAGE("root writes into any folder: skipped (see the read-only mount)");
        return;
    }
    test::TempDir dir;
    ::chmod(dir.path().c_str(), 0555);
    auto written = write_file_atomically(dir / "batch.jsonl", "x\n", 0640);
    ::chmod(dir.path().c_str(), 0755);
    REQUIRE_FALSE(written);
    CHECK(written.error().code == ErrorCode::Io);
    CHECK(written.error().message == "cannot create a temporary file for " +
                                         (dir / "batch.jsonl").string() + ": Permission denied");
    CHECK(test::file_names_in(dir.path()).empty());
}

TEST_CASE("an atomic write into a read-only mount fails (for root too)") {
    test::TempDir dir;
    if (::mount(dir.path().c_str(), dir.path().c_str(), nullptr, MS_BIND, nullptr) != 0) {
        MESSAGE("bind mounts need CAP_SYS_ADMIN: skipped");
        return;
    }
    bool read_only = ::mount(nullptr, dir.path().c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY,
                             nullptr) == 0;
    auto written = write_file_atomically(dir / "batch.jsonl", "x\n", 0640);
    ::umount2(dir.path().c_str(), MNT_DETACH);
    REQUIRE(read_only);
    REQUIRE_FALSE(written);
    CHECK(written.error().message == "cannot create a temporary file for " +
                                         (dir / "batch.jsonl").string() +
                                         ": Read-only file system");
    CHECK(test::file_names_in(dir.path()).empty());
}

TEST_CASE("a write failing midway removes its temporary file, the previous file stays whole") {
    test::TempDir dir;
    auto target = dir / "batch.jsonl";
    test::write_file(target, "previous\n");
    auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limits{};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &limits) == 0);
    rlimit small = limits;
    small.rlim_cur = 1000;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    auto written = write_file_atomically(target, std::string(5000, 'x'), 0640);
    ::setrlimit(RLIMIT_FSIZE, &limits);
    std::signal(SIGXFSZ, previous_handler);
    REQUIRE_FALSE(written);
    CHECK(written.error().message == "cannot write " + target.string() + ": File too large");
    CHECK(test::file_names_in(dir.path()) == std::vector<std::string>{"batch.jsonl"});
    CHECK(test::read_file(target) == "previous\n");
}

TEST_CASE("an atomic write on a full disk removes its temporary file") {
    test::TempDir dir;
    if (::mount("tmpfs", dir.path().c_str(), "tmpfs", 0, "size=64k") != 0) {
        MESSAGE("mounting a tmpfs needs CAP_SYS_ADMIN: skipped");
        return;
    }
    auto written = write_file_atomically(dir / "batch.jsonl", std::string(1 << 20, 'x'), 0640);
    auto left = test::file_names_in(dir.path());
    ::umount2(dir.path().c_str(), MNT_DETACH);
    REQUIRE_FALSE(written);
    CHECK(written.error().message ==
          "cannot write " + (dir / "batch.jsonl").string() + ": No space left on device");
    CHECK(left.empty());
}

TEST_CASE("fsync_dir syncs a folder, and names a missing one") {
    test::TempDir dir;
    CHECK(fsync_dir(dir.path()).has_value());
    auto missing = fsync_dir(dir / "missing");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::Io);
    CHECK(missing.error().message ==
          "cannot open folder " + (dir / "missing").string() + ": No such file or directory");
}

// Attack H2 (issue 20): root running a command in a folder the `aafd` user owns.
TEST_CASE("open_for_writing creates a file with its mode whatever the umask, and reopens it") {
    test::TempDir dir;
    auto path = dir / "audit.lock";
    mode_t previous = ::umask(0);
    auto created = open_for_writing(path, O_RDWR, 0640);
    ::umask(previous);
    REQUIRE(created);
    CHECK(mode_of(path) == 0640);
    REQUIRE(::write(created->get(), "abc", 3) == 3);
    auto appended = open_for_writing(path, O_WRONLY | O_APPEND, 0600);
    REQUIRE(appended);
    REQUIRE(::write(appended->get(), "d", 1) == 1);
    CHECK(test::read_file(path) == "abcd");
    CHECK(mode_of(path) == 0640); // an existing file keeps its mode
    REQUIRE(open_for_writing(path, O_WRONLY | O_TRUNC, 0600));
    CHECK(test::read_file(path).empty());
}

TEST_CASE("open_for_writing never follows a planted symbolic link, truncates nothing") {
    test::TempDir dir;
    auto target = dir / "root-only";
    test::write_file(target, "secret\n");
    std::filesystem::create_symlink(target, dir / "anchor.json.new");
    std::filesystem::create_symlink(dir / "elsewhere", dir / "audit.lock");
    auto truncated = open_for_writing(dir / "anchor.json.new", O_WRONLY | O_TRUNC, 0600);
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error().message == "refusing to open " + (dir / "anchor.json.new").string() +
                                           ": it is a symbolic link (planted by another user?)");
    CHECK(test::read_file(target) == "secret\n");
    CHECK_FALSE(open_for_writing(dir / "audit.lock", O_RDWR, 0640));
    CHECK_FALSE(std::filesystem::exists(dir / "elsewhere"));
}

TEST_CASE("open_for_writing refuses a hard link, a FIFO and a stranger's file") {
    test::TempDir dir;
    test::write_file(dir / "shadow", "secret\n");
    REQUIRE(::link((dir / "shadow").c_str(), (dir / "ledger").c_str()) == 0);
    auto linked = open_for_writing(dir / "ledger", O_WRONLY | O_TRUNC, 0600);
    REQUIRE_FALSE(linked);
    CHECK(linked.error().message ==
          "refusing to open " + (dir / "ledger").string() + ": it has 2 hard links");
    CHECK(test::read_file(dir / "shadow") == "secret\n");

    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    auto fifo = open_for_writing(dir / "fifo", O_RDWR, 0600);
    REQUIRE_FALSE(fifo);
    CHECK(fifo.error().message ==
          "refusing to open " + (dir / "fifo").string() + ": it is not a regular file");

    if (::geteuid() != 0) {
        MESSAGE("giving a file to another user needs root: the owner check is skipped");
        return;
    }
    test::write_file(dir / "state", "{}\n");
    REQUIRE(::chown((dir / "state").c_str(), 12345, 12345) == 0);
    auto foreign = open_for_writing(dir / "state", O_WRONLY | O_TRUNC, 0600);
    REQUIRE_FALSE(foreign);
    CHECK(foreign.error().message ==
          "refusing to open " + (dir / "state").string() +
              ": it belongs to user 12345, neither this process's user nor the folder's owner");
    CHECK(test::read_file(dir / "state") == "{}\n");
    // The folder's owner could replace the file anyway: its own files are written.
    auto folder = dir / "aafd-owned";
    std::filesystem::create_directory(folder);
    test::write_file(folder / "state", "{}\n");
    REQUIRE(::chown(folder.c_str(), 12345, 12345) == 0);
    REQUIRE(::chown((folder / "state").c_str(), 12345, 12345) == 0);
    CHECK(open_for_writing(folder / "state", O_WRONLY, 0600).has_value());
}

TEST_CASE("an atomic write onto a planted symbolic link replaces the link, not its target") {
    test::TempDir dir;
    test::write_file(dir / "root-only", "secret\n");
    std::filesystem::create_symlink(dir / "root-only", dir / "anchor.json");
    REQUIRE(write_file_atomically(dir / "anchor.json", "{}\n", 0640));
    CHECK(test::read_file(dir / "root-only") == "secret\n");
    CHECK_FALSE(std::filesystem::is_symlink(dir / "anchor.json"));
}

// Attack M5 (issue 20): folders world-writable under umask 000.
TEST_CASE("create_folders gives new folders and their parents the mode, whatever the umask") {
    test::TempDir dir;
    mode_t previous = ::umask(0);
    auto created = create_folders(dir / "spool" / "demo" / "ready", 0700);
    ::umask(previous);
    REQUIRE(created);
    CHECK(mode_of(dir / "spool") == 0700);
    CHECK(mode_of(dir / "spool" / "demo" / "ready") == 0700);
    ::chmod((dir / "spool").c_str(), 0755);
    REQUIRE(create_folders(dir / "spool" / "other", 0700));
    CHECK(mode_of(dir / "spool") == 0755); // an existing folder keeps its mode
    test::write_file(dir / "file", "x");
    auto refused = create_folders(dir / "file" / "sub", 0700);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "cannot create the folder " + (dir / "file").string() + ": Not a directory");
}

TEST_CASE("create_folders names a file in the way") {
    test::TempDir dir;
    test::write_file(dir / "taken", "x");
    auto refused = create_folders(dir / "taken", 0750);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "cannot create the folder " + (dir / "taken").string() + ": Not a directory");
}
