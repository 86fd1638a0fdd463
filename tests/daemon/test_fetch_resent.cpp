// Specification, at the command line and against a real sshd, of a file the exchange
// server sends again under the same name: `aafd fetch` takes it again and says so.
#include <doctest/doctest.h>

#include "tests/daemon/cli_run.hpp"
#include "tests/sync/sshd_fixture.hpp"

using namespace aafd;

TEST_CASE("aafd fetch: a file re-sent with the same name but another size is fetched again "
          "and reported as re-sent") {
    test::SshdFixture sshd;
    test::TempDir dir;
    auto spool = dir / "spool";
    auto config = dir / "aafd.toml";
    test::write_file(config, "[spool]\npath = \"" + spool.string() +
                                 "\"\n[[source]]\nname = \"poitiers\"\nhost = \"127.0.0.1\"\n"
                                 "port = " +
                                 std::to_string(sshd.port()) + "\nuser = \"" + sshd.user() +
                                 "\"\nkey = \"" + sshd.client_key().string() +
                                 "\"\nknown_hosts = \"" + sshd.known_hosts().string() +
                                 "\"\nremote_dir = \"" + sshd.served().string() + "\"\n");
    auto fetch = [&] {
        return test::run_cli({"fetch", "--log-level", "error", "--audit-dir",
                              (dir / "audit").string(), "--config", config.string()});
    };
    auto ready = spool / "poitiers" / "ready";
    sshd.serve("ENT2D.a.xml", "<a/>");
    auto first = fetch();
    INFO(first.err);
    REQUIRE(first.status == 0);
    CHECK(first.out == "poitiers: fetched 1 file(s), 4 bytes, into " + ready.string() +
                           "\n  fetched  ENT2D.a.xml\n");
    std::filesystem::remove(ready / "ENT2D.a.xml"); // imported and filed away

    auto unchanged = fetch();
    CHECK(unchanged.out == "poitiers: fetched 0 file(s), 0 bytes, into " + ready.string() + "\n");

    sshd.serve("ENT2D.a.xml", "<a>new</a>");
    auto resent = fetch();
    CHECK(resent.status == 0);
    CHECK(resent.out == "poitiers: fetched 1 file(s), 10 bytes, into " + ready.string() +
                            "\n  fetched  ENT2D.a.xml (re-sent: fetched before with another size "
                            "or date)\n");
    CHECK(test::read_file(ready / "ENT2D.a.xml") == "<a>new</a>");
}
