// Specification of the feed push (sync/feed/push.hpp) against a real OpenSSH sshd on
// 127.0.0.1: files arrive identical and whole, replace earlier copies, and every
// refusal (host key, client key, remote folder, name) is a clear error.
#include <random>
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "sync/feed/push.hpp"
#include "tests/sync/feed/push_target.hpp"

using namespace aafd;
using namespace aafd::sync;
using aafd::test::CuttingRelay;
using aafd::test::incoming;
using aafd::test::SshdFixture;
using aafd::test::TempDir;

namespace {

std::string random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (auto& byte : bytes)
        byte = static_cast<char>(random() & 0xff);
    return bytes;
}

std::filesystem::path local_file(const TempDir& dir, const std::string& name,
                                 const std::string& bytes) {
    aafd::test::write_file(dir / name, bytes);
    return dir / name;
}

// The names in the incoming folder, sorted (hidden .part files included).
std::vector<std::string> remote_names(const SshdFixture& sshd) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(sshd.dir() / "incoming"))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string label(const SshdFixture& sshd) { return "127.0.0.1:" + std::to_string(sshd.port()); }

const std::string k_batch = "{\"seq\":1,\"op\":\"create\",\"login\":\"marie.martin\"}\n"
                            "{\"seq\":2,\"op\":\"update\",\"login\":\"paul.durand\"}\n";

} // namespace

TEST_CASE("push: a batch arrives identical under its name, with no .part left") {
    SshdFixture sshd;
    TempDir local;
    auto target = aafd::test::push_target(sshd);

    auto report =
        push_file(target, local_file(local, "b1.jsonl", k_batch), "beneylu.000001-000002.jsonl");

    REQUIRE_MESSAGE(report, report.error().message);
    auto remote = incoming(sshd) / "beneylu.000001-000002.jsonl";
    CHECK(aafd::test::read_file(remote) == k_batch);
    CHECK(remote_names(sshd) == std::vector<std::string>{"beneylu.000001-000002.jsonl"});
    REQUIRE(report->files.size() == 1);
    CHECK(report->files[0].remote_path == remote.string());
    CHECK(report->files[0].size == k_batch.size());
    CHECK_FALSE(report->files[0].replaced);
    CHECK(report->bytes == k_batch.size());
    CHECK(report->server_fingerprint == sshd.host_fingerprint());
    CHECK(report->key_fingerprint ==
          aafd::test::key_fingerprint(sshd.client_key().string() + ".pub"));
    CHECK(report->fsynced); // OpenSSH offers fsync@openssh.com
    CHECK(report->atomic);  // and posix-rename@openssh.com
    struct stat info {};
    REQUIRE(::stat(remote.c_str(), &info) == 0);
    CHECK((info.st_mode & 0137) == 0); // created 0640 (less under a stricter umask)
}

TEST_CASE("push: pushing a name again replaces the file, and says so") {
    SshdFixture sshd;
    TempDir local;
    auto target = aafd::test::push_target(sshd);
    REQUIRE(push_file(target, local_file(local, "old", "an earlier, longer version\n"), "b.jsonl"));

    auto report = push_file(target, local_file(local, "new", k_batch), "b.jsonl");

    REQUIRE_MESSAGE(report, report.error().message);
    CHECK(report->files.at(0).replaced);
    CHECK(report->atomic);
    CHECK(aafd::test::read_file(incoming(sshd) / "b.jsonl") == k_batch);
    CHECK(remote_names(sshd) == std::vector<std::string>{"b.jsonl"});
}

TEST_CASE("push: a .part left by an interrupted push is overwritten, not appended to") {
    SshdFixture sshd;
    TempDir local;
    aafd::test::write_file(incoming(sshd) / ".b.jsonl.part", std::string(100'000, 'x'));

    auto report =
        push_file(aafd::test::push_target(sshd), local_file(local, "b", k_batch), "b.jsonl");

    REQUIRE_MESSAGE(report, report.error().message);
    CHECK(aafd::test::read_file(incoming(sshd) / "b.jsonl") == k_batch);
    CHECK(remote_names(sshd) == std::vector<std::string>{"b.jsonl"});
}

TEST_CASE("push: a file of a few MiB arrives identical, whatever the write size") {
    SshdFixture sshd;
    TempDir local;
    std::string big = random_bytes(5'000'000, 11);
    auto path = local_file(local, "big", big);
    auto target = aafd::test::push_target(sshd);

    SUBCASE("OpenSSH's largest writes") {}
    SUBCASE("small writes that do not divide the size") { target.write_chunk = 65'537; }
    SUBCASE("writes larger than the server takes are cut to its maximum") {
        target.write_chunk = 1 << 20;
    }
    auto report = push_file(target, path, "big.jsonl");

    REQUIRE_MESSAGE(report, report.error().message);
    CHECK(report->bytes == big.size());
    CHECK(aafd::test::read_file(incoming(sshd) / "big.jsonl") == big);
    CHECK(remote_names(sshd) == std::vector<std::string>{"big.jsonl"});
}

TEST_CASE("push: several batches go over one connection, in order") {
    SshdFixture sshd;
    TempDir local;
    std::vector<PushItem> items;
    for (int i = 1; i <= 3; ++i) {
        std::string name = "b" + std::to_string(i) + ".jsonl";
        items.push_back({local_file(local, name, random_bytes(10'000 * i, i)), name});
    }

    auto report = push_files(aafd::test::push_target(sshd), items);

    REQUIRE_MESSAGE(report, report.error().message);
    REQUIRE(report->files.size() == 3);
    for (int i = 0; i < 3; ++i) {
        CHECK(report->files[i].remote_path == (incoming(sshd) / items[i].remote_name).string());
        CHECK(aafd::test::read_file(incoming(sshd) / items[i].remote_name) ==
              aafd::test::read_file(items[i].local));
    }
    CHECK(report->bytes == 60'000);
    CHECK(remote_names(sshd) == std::vector<std::string>{"b1.jsonl", "b2.jsonl", "b3.jsonl"});
}

TEST_CASE("push: a changed host key is refused before logging in, nothing written") {
    SshdFixture sshd;
    TempDir local;
    aafd::test::make_key(sshd.dir() / "other_host");
    std::string other = aafd::test::read_file(sshd.dir() / "other_host.pub");
    aafd::test::write_file(sshd.known_hosts(), "[127.0.0.1]:" + std::to_string(sshd.port()) + " " +
                                                   other.substr(0, other.rfind(' ')) + "\n");
    auto target = aafd::test::push_target(sshd);

    auto report = push_file(target, local_file(local, "b", k_batch), "b.jsonl");

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Config);
    auto known_hosts = sshd.known_hosts().string();
    CHECK(report.error().message ==
          "host key of " + label(sshd) + " refused: the key it offers (" + sshd.host_fingerprint() +
              ") has CHANGED: it does not match the key recorded in " + known_hosts +
              " (someone may be intercepting the connection). After checking this fingerprint "
              "with the server's administrators, accept it by adding this line to " +
              known_hosts + ": " + sshd.known_hosts_line(sshd.port()) + " (e.g. ssh-keyscan -p " +
              std::to_string(sshd.port()) + " 127.0.0.1)");
    CHECK(remote_names(sshd).empty());
}

TEST_CASE("push: an unknown host is refused") {
    SshdFixture sshd;
    TempDir local;
    aafd::test::write_file(sshd.dir() / "empty_known_hosts", "");
    auto target = aafd::test::push_target(sshd);
    target.server.known_hosts = sshd.dir() / "empty_known_hosts";

    auto report = push_file(target, local_file(local, "b", k_batch), "b.jsonl");

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Config);
    CHECK(report.error().message.find("host key of " + label(sshd) +
                                      " refused: the key it offers (" + sshd.host_fingerprint() +
                                      ") is not in " + target.server.known_hosts.string() + ".") ==
          0);
    CHECK(remote_names(sshd).empty());
}

TEST_CASE("push: a client key the server does not know is refused") {
    SshdFixture sshd;
    TempDir local;
    aafd::test::make_key(sshd.dir() / "stranger");
    auto target = aafd::test::push_target(sshd);
    target.key = sshd.dir() / "stranger";

    auto report = push_file(target, local_file(local, "b", k_batch), "b.jsonl");

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Config);
    CHECK(report.error().message == "authentication to " + label(sshd) + " as " + sshd.user() +
                                        " refused for key " +
                                        aafd::test::key_fingerprint(sshd.dir() / "stranger.pub") +
                                        " (is its public key in the account's authorized_keys?)");
    CHECK(remote_names(sshd).empty());
}

TEST_CASE("push: a private key readable by group or others is refused before connecting") {
    SshdFixture sshd;
    TempDir local;
    ::chmod(sshd.client_key().c_str(), 0640);
    auto target = aafd::test::push_target(sshd);
    target.server.port = aafd::test::free_port(); // nothing listens: it must not connect

    auto report = push_file(target, local_file(local, "b", k_batch), "b.jsonl");

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Config);
    auto key = sshd.client_key().string();
    CHECK(report.error().message == "private key " + key +
                                        " is readable by group or others (mode 0640): run "
                                        "chmod 600 " +
                                        key);
}

TEST_CASE("push: a remote folder that does not exist is a clear error") {
    SshdFixture sshd;
    TempDir local;
    auto target = aafd::test::push_target(sshd);

    SUBCASE("missing") {
        target.remote_dir = (sshd.dir() / "nowhere").string();
        auto report = push_file(target, local_file(local, "b", k_batch), "b.jsonl");
        REQUIRE_FALSE(report);
        CHECK(report.error().code == ErrorCode::Config);
        CHECK(report.error().message == "remote folder " + label(sshd) + ":" + target.remote_dir +
                                            " does not exist (the feed is pushed into it)");
        CHECK_FALSE(std::filesystem::exists(sshd.dir() / "nowhere"));
    }
    SUBCASE("a file") {
        target.remote_dir = (sshd.dir() / "sshd_config").string();
        auto report = push_file(target, local_file(local, "b", k_batch), "b.jsonl");
        REQUIRE_FALSE(report);
        CHECK(report.error().code == ErrorCode::Config);
        CHECK(report.error().message ==
              "remote folder " + label(sshd) + ":" + target.remote_dir + " is not a folder");
    }
}

TEST_CASE("push: remote names that could escape the folder are refused before connecting") {
    TempDir local;
    PushTarget target; // no server: the name is checked first
    auto path = local_file(local, "b", k_batch);

    auto up = push_file(target, path, "../b.jsonl");
    REQUIRE_FALSE(up);
    CHECK(up.error().code == ErrorCode::Config);
    CHECK(up.error().message ==
          "cannot push " + path.string() + " as '../b.jsonl': name contains '/'");

    auto long_name = push_file(target, path, std::string(250, 'a'));
    REQUIRE_FALSE(long_name);
    CHECK(long_name.error().message == "cannot push " + path.string() + " as '" +
                                           std::string(250, 'a') +
                                           "': name longer than 249 bytes (its .part would not "
                                           "fit in 255)");
}

TEST_CASE("push: a local file that cannot be read leaves nothing on the server") {
    SshdFixture sshd;
    TempDir local;

    auto report = push_file(aafd::test::push_target(sshd), local / "missing.jsonl", "b.jsonl");

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Io);
    CHECK(report.error().message ==
          "cannot read " + (local / "missing.jsonl").string() + ": No such file or directory");
    CHECK(remote_names(sshd).empty()); // the .part opened for it was removed
}

TEST_CASE("push: a connection cut in the middle leaves the earlier file whole under its name") {
    SshdFixture sshd;
    TempDir local;
    REQUIRE(push_file(aafd::test::push_target(sshd), local_file(local, "old", k_batch), "b.jsonl"));
    // Small writes: each is acknowledged, so the server sends enough for the relay to
    // cut the connection while the file is being written.
    CuttingRelay relay(sshd.port(), 100'000);
    aafd::test::write_file(sshd.known_hosts(), sshd.known_hosts_line(relay.port()) + "\n");
    auto target = aafd::test::push_target(sshd);
    target.server.port = relay.port();
    target.write_chunk = 1024;

    auto report =
        push_file(target, local_file(local, "big", random_bytes(4'000'000, 12)), "b.jsonl");

    REQUIRE_FALSE(report);
    CHECK(relay.cut());
    CHECK(report.error().code == ErrorCode::Io);
    CAPTURE(report.error().message);
    CHECK(report.error().message.find("writing 127.0.0.1:" + std::to_string(relay.port()) + ":" +
                                      (incoming(sshd) / ".b.jsonl.part").string() +
                                      " at offset ") == 0);
    CHECK(aafd::test::read_file(incoming(sshd) / "b.jsonl") == k_batch);
}

namespace {

// A set folder as sync/feed/set_folder builds it: one subfolder per source.
std::vector<PushItem> local_set(const TempDir& dir, const std::string& name,
                                const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<PushItem> items;
    for (const auto& [path, bytes] : files) {
        std::filesystem::create_directories((dir / name / path).parent_path());
        aafd::test::write_file(dir / name / path, bytes);
        items.push_back({dir / name / path, path});
    }
    return items;
}

// "path=bytes" of every file under the remote folder `name`, sorted.
std::vector<std::string> remote_set(const SshdFixture& sshd, const std::string& name) {
    std::vector<std::string> files;
    auto root = sshd.dir() / "incoming" / name;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
        if (entry.is_regular_file())
            files.push_back(std::filesystem::relative(entry.path(), root).string() + "=" +
                            aafd::test::read_file(entry.path()));
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

TEST_CASE("push: a set folder arrives whole under its name, with no .part folder left") {
    SshdFixture sshd;
    TempDir local;
    auto items =
        local_set(local, "beneylu.snapshot-000009.aaf",
                  {{"ac-nice/ENT2D-beneylu_Complet_20250908_Eleve_0000.xml", "pupils"},
                   {"ac-nice/ENT2D-beneylu_Complet_20250908_EtabEducNat_0000.xml", "schools"}});

    auto report = push_folder(aafd::test::push_target(sshd), "beneylu.snapshot-000009.aaf", items);

    INFO((report ? "" : report.error().message));
    REQUIRE(report);
    CHECK(remote_names(sshd) == std::vector<std::string>{"beneylu.snapshot-000009.aaf"});
    CHECK(remote_set(sshd, "beneylu.snapshot-000009.aaf") ==
          std::vector<std::string>{"ac-nice/ENT2D-beneylu_Complet_20250908_Eleve_0000.xml=pupils",
                                   "ac-nice/ENT2D-beneylu_Complet_20250908_EtabEducNat_0000.xml="
                                   "schools"});
    REQUIRE(report->files.size() == 2);
    CHECK(report->files[0].remote_path ==
          (incoming(sshd) / "beneylu.snapshot-000009.aaf" / "ac-nice" /
           "ENT2D-beneylu_Complet_20250908_Eleve_0000.xml")
              .string());
    CHECK_FALSE(report->files[0].replaced);
    CHECK(report->bytes == 13);
}

TEST_CASE("push: a set pushed again replaces the whole folder, and a leftover .part folder is "
          "removed first") {
    SshdFixture sshd;
    TempDir local;
    REQUIRE(push_folder(aafd::test::push_target(sshd), "s.aaf",
                        local_set(local, "old", {{"a/x.xml", "old x"}, {"a/gone.xml", "gone"}})));
    std::filesystem::create_directories(incoming(sshd) / ".s.aaf.part" / "a" / "b");
    aafd::test::write_file(incoming(sshd) / ".s.aaf.part" / "a" / "b" / "stale", "stale");

    auto report = push_folder(aafd::test::push_target(sshd), "s.aaf",
                              local_set(local, "new", {{"a/x.xml", "new x"}}));

    INFO((report ? "" : report.error().message));
    REQUIRE(report);
    CHECK(remote_names(sshd) == std::vector<std::string>{"s.aaf"});
    CHECK(remote_set(sshd, "s.aaf") == std::vector<std::string>{"a/x.xml=new x"});
    REQUIRE(report->files.size() == 1);
    CHECK(report->files[0].replaced);
}

TEST_CASE("push: a set cut in the middle never shows under its name, the next push completes "
          "it") {
    SshdFixture sshd;
    TempDir local;
    auto items =
        local_set(local, "s.aaf", {{"a/1.xml", "small"}, {"a/2.xml", random_bytes(4'000'000, 13)}});
    CuttingRelay relay(sshd.port(), 100'000);
    aafd::test::write_file(sshd.known_hosts(), sshd.known_hosts_line(relay.port()) + "\n" +
                                                   sshd.known_hosts_line(sshd.port()) + "\n");
    auto cut = aafd::test::push_target(sshd);
    cut.server.port = relay.port();
    cut.write_chunk = 1024;

    auto report = push_folder(cut, "s.aaf", items);

    REQUIRE_FALSE(report);
    CHECK(relay.cut());
    CHECK(remote_names(sshd) == std::vector<std::string>{".s.aaf.part"}); // hidden, not the set
    REQUIRE(push_folder(aafd::test::push_target(sshd), "s.aaf", items));
    CHECK(remote_names(sshd) == std::vector<std::string>{"s.aaf"});
    CHECK(remote_set(sshd, "s.aaf").size() == 2);
}

TEST_CASE("push: paths in a set that could escape its folder are refused before connecting") {
    SshdFixture sshd;
    TempDir local;
    auto items = local_set(local, "s", {{"a/x.xml", "x"}});
    items[0].remote_name = "a/../../x.xml";

    auto report = push_folder(aafd::test::push_target(sshd), "s.aaf", items);

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Config);
    CHECK(report.error().message ==
          "cannot push " + items[0].local.string() + " as 'a/../../x.xml': name is '.' or '..'");
    CHECK(remote_names(sshd).empty());
}
