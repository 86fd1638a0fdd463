// Specification of sync/sftp/sftp_client.hpp's writing side against a real OpenSSH sshd:
// writes, fsync, the replacing renames (posix-rename@openssh.com and its fallback),
// lookups and removal. Reading is specified through the fetch (test_fetch.cpp).
#include <sys/stat.h>
#include <utility>

#include <doctest/doctest.h>

#include "sync/sftp/sftp_client.hpp"
#include "tests/sync/sshd_fixture.hpp"

using namespace aafd;
using namespace aafd::sync;
using aafd::test::SshdFixture;

namespace {

// A logged-in SFTP session on the fixture's server (the SSH session first, so it is
// destroyed last).
std::pair<SshSession, SftpSession> open_sftp(const SshdFixture& sshd) {
    auto key = SshKey::load(sshd.client_key());
    REQUIRE(key);
    auto ssh =
        SshSession::connect(SshTarget{"127.0.0.1", sshd.port(), sshd.user(), sshd.known_hosts(),
                                      std::chrono::seconds(10), std::chrono::seconds(20)});
    REQUIRE_MESSAGE(ssh, ssh.error().message);
    REQUIRE(ssh->verify_host_key());
    REQUIRE(ssh->authenticate(*key));
    auto sftp = SftpSession::open(*ssh);
    REQUIRE_MESSAGE(sftp, sftp.error().message);
    return {std::move(*ssh), std::move(*sftp)};
}

std::string in(const SshdFixture& sshd, const std::string& name) {
    return (sshd.served() / name).string();
}

std::string label(const SshdFixture& sshd) { return "127.0.0.1:" + std::to_string(sshd.port()); }

} // namespace

TEST_CASE("sftp client: a file written in pieces holds them all, is fsync'd and closed") {
    SshdFixture sshd;
    auto [ssh, sftp] = open_sftp(sshd);
    CHECK(sftp.supports("fsync@openssh.com"));
    CHECK(sftp.supports("posix-rename@openssh.com"));
    CHECK_FALSE(sftp.supports("no-such-extension@example.org"));

    auto file = sftp.open_write(in(sshd, "out.jsonl"));
    REQUIRE_MESSAGE(file, file.error().message);
    REQUIRE(file->write("first line\n", nullptr));
    REQUIRE(file->write(std::string(300'000, 'x'), nullptr, 7'000));
    CHECK(file->written() == 300'011);
    auto size = file->remote_size();
    REQUIRE(size);
    CHECK(*size == 300'011);
    auto synced = file->fsync();
    REQUIRE(synced);
    CHECK(*synced);
    REQUIRE(file->close());

    CHECK(aafd::test::read_file(sshd.served() / "out.jsonl") ==
          "first line\n" + std::string(300'000, 'x'));
    struct stat info {};
    REQUIRE(::stat(in(sshd, "out.jsonl").c_str(), &info) == 0);
    CHECK((info.st_mode & 0137) == 0); // 0640, less under a stricter umask
}

TEST_CASE("sftp client: replace puts a file in place of another, atomically on OpenSSH") {
    SshdFixture sshd;
    sshd.serve(".new.part", "new");
    auto [ssh, sftp] = open_sftp(sshd);

    SUBCASE("over an existing file") { sshd.serve("name", "old, longer"); }
    SUBCASE("where there is none") {}
    auto method = sftp.replace(in(sshd, ".new.part"), in(sshd, "name"));

    REQUIRE_MESSAGE(method, method.error().message);
    CHECK(*method == ReplaceMethod::Atomic);
    CHECK(aafd::test::read_file(sshd.served() / "name") == "new");
    CHECK_FALSE(std::filesystem::exists(sshd.served() / ".new.part"));
}

TEST_CASE("sftp client: without posix-rename, remove_then_rename replaces a file too") {
    SshdFixture sshd;
    sshd.serve(".new.part", "new");
    auto [ssh, sftp] = open_sftp(sshd);

    SUBCASE("over an existing file") { sshd.serve("name", "old, longer"); }
    SUBCASE("where there is none") {}
    auto renamed = sftp.remove_then_rename(in(sshd, ".new.part"), in(sshd, "name"));

    REQUIRE_MESSAGE(renamed, renamed.error().message);
    CHECK(aafd::test::read_file(sshd.served() / "name") == "new");
    CHECK_FALSE(std::filesystem::exists(sshd.served() / ".new.part"));
}

TEST_CASE("sftp client: a refused posix-rename shows the server's answer, the session goes on") {
    SshdFixture sshd;
    auto [ssh, sftp] = open_sftp(sshd);

    auto method = sftp.replace(in(sshd, "missing"), in(sshd, "name"));

    REQUIRE_FALSE(method);
    CHECK(method.error().code == ErrorCode::Io);
    CHECK(method.error().message == "cannot rename " + label(sshd) + ":" + in(sshd, "missing") +
                                        " to " + in(sshd, "name") +
                                        ": SFTP server: No such file (SFTP status 2)");
    sshd.serve("later", "still answering");
    auto found = sftp.find(in(sshd, "later")); // answers are still matched to requests
    REQUIRE_MESSAGE(found, found.error().message);
    REQUIRE(found->has_value());
    CHECK((*found)->size == 15);
}

TEST_CASE("sftp client: find tells a missing path from a file and a folder") {
    SshdFixture sshd;
    sshd.serve("file", "12345");
    auto [ssh, sftp] = open_sftp(sshd);

    auto missing = sftp.find(in(sshd, "missing"));
    REQUIRE(missing);
    CHECK_FALSE(missing->has_value());
    auto file = sftp.find(in(sshd, "file"));
    REQUIRE(file);
    REQUIRE(file->has_value());
    CHECK((*file)->regular);
    CHECK_FALSE((*file)->directory);
    CHECK((*file)->size == 5);
    auto folder = sftp.find(sshd.served().string());
    REQUIRE(folder);
    REQUIRE(folder->has_value());
    CHECK((*folder)->directory);
    CHECK_FALSE((*folder)->regular);
}

TEST_CASE("sftp client: remove deletes a file, a missing one is an error naming it") {
    SshdFixture sshd;
    sshd.serve("file", "x");
    auto [ssh, sftp] = open_sftp(sshd);

    REQUIRE(sftp.remove(in(sshd, "file")));
    CHECK_FALSE(std::filesystem::exists(sshd.served() / "file"));
    auto again = sftp.remove(in(sshd, "file"));
    REQUIRE_FALSE(again);
    CHECK(again.error().message == "cannot remove " + label(sshd) + ":" + in(sshd, "file") +
                                       ": SFTP server: No such file (SFTP status 2)");
}

TEST_CASE("sftp client: opening for writing in a missing folder names the path") {
    SshdFixture sshd;
    auto [ssh, sftp] = open_sftp(sshd);

    auto file = sftp.open_write(in(sshd, "nowhere/out"));

    REQUIRE_FALSE(file);
    CHECK(file.error().message == "cannot open " + label(sshd) + ":" + in(sshd, "nowhere/out") +
                                      " for writing: SFTP server: No such file (SFTP status 2)");
}
