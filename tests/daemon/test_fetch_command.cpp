// Specification of `aafd fetch` (daemon/fetch_command.cpp): which sources it takes and
// the exit statuses of its failures. Transfers themselves are specified against a real
// sshd in tests/sync/fetch/test_fetch.cpp.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <vector>

#include <doctest/doctest.h>

#include "sync/audit/audit_log.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/test_support.hpp"

using namespace aafd;

namespace {

struct FetchFixture {
    test::TempDir dir;

    // A configuration with one source on 127.0.0.1:`port`, its key of mode `key_mode`.
    std::string config(std::uint16_t port, mode_t key_mode) {
        test::write_file(dir / "id_ed25519", "not really a key\n");
        ::chmod((dir / "id_ed25519").c_str(), key_mode);
        test::write_file(dir / "known_hosts", "");
        auto path = dir / "aafd.toml";
        test::write_file(path, "[spool]\npath = \"" + (dir / "spool").string() +
                                   "\"\n[[source]]\nname = \"poitiers\"\nhost = \"127.0.0.1\"\n"
                                   "port = " +
                                   std::to_string(port) + "\nuser = \"nobody\"\nkey = \"" +
                                   (dir / "id_ed25519").string() + "\"\nknown_hosts = \"" +
                                   (dir / "known_hosts").string() +
                                   "\"\nremote_dir = \"/depot\"\n");
        return path.string();
    }

    // Retries wait no time: the delays asked are kept in `waits`.
    std::vector<std::chrono::milliseconds> waits;

    int run(std::vector<std::string> args, std::string& err) {
        std::vector<std::string> all{"fetch", "--log-level", "error", "--audit-dir",
                                     (dir / "audit").string()};
        all.insert(all.end(), args.begin(), args.end());
        cli::CommandEnvironment environment;
        environment.fetch_timing.sleep = [this](std::chrono::milliseconds delay) {
            waits.push_back(delay);
        };
        auto run = test::run_cli(all, environment);
        err = run.err;
        return run.status;
    }
};

} // namespace

TEST_CASE("aafd fetch: without a configured source there is nothing to fetch (78)") {
    FetchFixture f;
    std::string err;
    test::write_file(f.dir / "empty.toml", "");
    CHECK(f.run({"--config", (f.dir / "empty.toml").string()}, err) == 78);
    CHECK(err == "aafd: no [[source]] is configured: nothing to fetch\n");
}

TEST_CASE("aafd fetch: an unknown --source is refused (78)") {
    FetchFixture f;
    std::string err;
    CHECK(f.run({"--config", f.config(22, 0600), "--source", "rennes"}, err) == 78);
    CHECK(err == "aafd: no [[source]] named 'rennes' to fetch from\n");
}

TEST_CASE("aafd fetch: a key readable by others is refused before connecting (78)") {
    FetchFixture f;
    std::string err;
    auto config = f.config(22, 0644);
    auto key = (f.dir / "id_ed25519").string();
    CHECK(f.run({"--config", config}, err) == 78);
    CHECK(err == "aafd: private key " + key +
                     " is readable by group or others (mode 0644): run chmod 600 " + key + "\n");
}

TEST_CASE("aafd fetch: a server that cannot be reached is an I/O error (74), named, after "
          "4 attempts with backoff") {
    using std::chrono::milliseconds;
    FetchFixture f;
    std::string err;
    auto config = f.config(1, 0600); // port 1 on 127.0.0.1: nothing listens
    std::filesystem::remove(f.dir / "id_ed25519");
    REQUIRE(
        std::system(("ssh-keygen -q -t ed25519 -N '' -f '" + (f.dir / "id_ed25519").string() + "'")
                        .c_str()) == 0);
    CHECK(f.run({"--config", config}, err) == 74);
    CHECK(err.find("aafd: cannot connect to 127.0.0.1:1: ") == 0);
    auto connects = sync::read_audit_records(f.dir / "audit", std::nullopt, std::nullopt);
    REQUIRE(connects);
    CHECK(connects->size() == 4); // each attempt's ssh.connect, failed
    for (const auto& record : *connects)
        CHECK((record.action == "ssh.connect" && record.outcome == "failed"));
    // The default backoff: 2 s doubling, the upper half jittered.
    REQUIRE(f.waits.size() == 3);
    for (std::size_t i = 0; i < f.waits.size(); ++i) {
        milliseconds step(2000 << i);
        CHECK(f.waits[i] >= step / 2);
        CHECK(f.waits[i] <= step);
    }
}

TEST_CASE("aafd fetch: a local folder source is passed over, the SFTP ones still fetched") {
    FetchFixture f;
    auto config = f.config(1, 0644); // the SFTP source fails: its key is readable by others
    auto local = f.dir / "depot";
    std::filesystem::create_directories(local);
    {
        std::ofstream out(config, std::ios::app);
        out << "[[source]]\nname = \"local\"\nlocal_dir = \"" << local.string() << "\"\n";
    }
    auto only_local =
        test::run_cli({"fetch", "--log-level", "error", "--audit-dir", (f.dir / "audit").string(),
                       "--config", config, "--source", "local"});
    CHECK(only_local.status == 0);
    CHECK(only_local.out ==
          "local: a local folder (" + local.string() + "), nothing to fetch over SFTP\n");
    std::string err;
    CHECK(f.run({"--config", config}, err) == 78); // the SFTP source is still tried
}
