// Specification of `aafd check-config` (daemon/check_config_command.cpp,
// daemon/config_file_checks.cpp): every error at once, the nearest key for a typo, the
// files the configuration names, the folders the service's sandbox would not let it write.
#include <cstdlib>
#include <filesystem>

#include <doctest/doctest.h>

#include "tests/daemon/cli_run.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
namespace fs = std::filesystem;

namespace {

struct Fixture {
    test::TempDir dir;
    std::string config = (dir / "aafd.toml").string();

    test::CliRun check(const std::string& text) {
        test::write_file(config, text);
        return test::run_cli({"check-config", config, "--log-level", "warn"});
    }
    std::string at(const std::string& name) { return (dir / name).string(); }
    // A source and a provider whose files live in the fixture's folder.
    std::string with_files() {
        return "[[source]]\nname = \"ac-test\"\nhost = \"127.0.0.1\"\nport = 2222\n"
               "user = \"aaf\"\nkey = \"" +
               at("id_ed25519") + "\"\nknown_hosts = \"" + at("known_hosts") +
               "\"\n[alerts]\ncommand = \"" + at("alert.sh") +
               "\"\n[[provider]]\nname = \"beneylu\"\nschools = [\"0750001A\"]\noutbox = \"" +
               at("outbox") + "\"\n";
    }
};

} // namespace

TEST_CASE("check-config reports every error of the file at once, suggesting the nearest key") {
    Fixture f;
    auto run = f.check("[store]\npth = \"/x\"\n[import]\ngrace_days = -1\n[logging]\nlevl = "
                       "\"debug\"\nfrobnicate = 1\n");
    CHECK(run.status == 78);
    CHECK(run.out == "");
    CHECK(run.err ==
          "aafd: " + f.config + ":2: unknown key 'pth' in [store] (did you mean 'path'?)\n" +
              "aafd: " + f.config + ":4: import.grace_days must be a positive integer\n" +
              "aafd: " + f.config +
              ":6: unknown key 'levl' in [logging] (did you mean 'level'?)\n" + "aafd: " +
              f.config + ":7: unknown key 'frobnicate' in [logging]\n" + "aafd: 4 error(s)\n");
}

TEST_CASE("check-config checks the files the configuration names") {
    Fixture f;
    REQUIRE(std::system(
                ("ssh-keygen -q -t ed25519 -N '' -f '" + f.at("id_ed25519") + "'").c_str()) == 0);
    fs::permissions(f.at("id_ed25519"), fs::perms(0644));
    std::string public_key = test::read_file(f.at("id_ed25519.pub"));
    test::write_file(f.at("known_hosts"), "[127.0.0.1]:22 " + public_key);
    std::string outside = "aafd: warning: " + f.config + ": [[provider]] 'beneylu' outbox " +
                          f.at("outbox") +
                          ": outside the folders the service may write (/var/lib/aafd, "
                          "/var/log/aafd): add ReadWritePaths=" +
                          f.at("outbox") + " to a drop-in (systemctl edit aafd)\n";

    SUBCASE("each problem reported, nothing printed") {
        auto run = f.check(f.with_files());
        CHECK(run.status == 78);
        CHECK(run.out == "");
        CHECK(run.err ==
              outside + "aafd: " + f.config + ": [[source]] 'ac-test' key: private key " +
                  f.at("id_ed25519") +
                  " is readable by group or others (mode 0644): run chmod 600 " +
                  f.at("id_ed25519") + "\n" + "aafd: " + f.config +
                  ": [[source]] 'ac-test' known_hosts " + f.at("known_hosts") +
                  ": no entry for 127.0.0.1 port 2222 (ssh-keyscan -p PORT HOST, checked against "
                  "the server's fingerprint, gives the line to add)\n" +
                  "aafd: " + f.config + ": [alerts] command " + f.at("alert.sh") +
                  ": no such file\naafd: 3 error(s)\n");
    }
    SUBCASE("a missing known_hosts, an alert command that cannot run") {
        fs::remove(f.at("known_hosts"));
        test::write_file(f.at("alert.sh"), "#!/bin/sh\n");
        fs::permissions(f.at("id_ed25519"), fs::perms(0600));
        auto run = f.check(f.with_files());
        CHECK(run.status == 78);
        CHECK(run.err.find("known_hosts " + f.at("known_hosts") + ": no such file\n") !=
              std::string::npos);
        CHECK(run.err.find("[alerts] command " + f.at("alert.sh") + ": not an executable file\n") !=
              std::string::npos);
    }
    SUBCASE("all in order: the configuration printed, the sandbox warning kept") {
        fs::permissions(f.at("id_ed25519"), fs::perms(0600));
        test::write_file(f.at("known_hosts"), "[127.0.0.1]:2222 " + public_key);
        test::write_file(f.at("alert.sh"), "#!/bin/sh\n");
        fs::permissions(f.at("alert.sh"), fs::perms(0755));
        auto run = f.check(f.with_files());
        CHECK(run.status == 0);
        CHECK(run.err == outside);
        CHECK(run.out.find("[[source]]") != std::string::npos);
    }
    SUBCASE("a hashed known_hosts entry is found") {
        fs::permissions(f.at("id_ed25519"), fs::perms(0600));
        test::write_file(f.at("known_hosts"), "[127.0.0.1]:2222 " + public_key);
        REQUIRE(std::system(("ssh-keygen -q -H -f '" + f.at("known_hosts") + "' >/dev/null 2>&1")
                                .c_str()) == 0);
        REQUIRE(test::read_file(f.at("known_hosts")).starts_with("|1|"));
        test::write_file(f.at("alert.sh"), "#!/bin/sh\n");
        fs::permissions(f.at("alert.sh"), fs::perms(0755));
        CHECK(f.check(f.with_files()).status == 0);
    }
}

TEST_CASE("check-config: an outbox under /var/lib/aafd needs no warning") {
    Fixture f;
    auto run = f.check("[[provider]]\nname = \"x\"\nschools = [\"0750001A\"]\n"
                       "outbox = \"/var/lib/aafd/outbox/x\"\n");
    CHECK(run.status == 0);
    CHECK(run.err == "");
}
