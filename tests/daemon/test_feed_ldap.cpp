// `aafd feed deliver` for `format = "ldap"` providers, end to end: the real binary, the
// demo académie, a real slapd (tests/sync/slapd_fixture.hpp); exit statuses 78 (refused
// bind) and 74 (server away), the audit records of binds and batches.
#include <csignal>
#include <sys/wait.h>

#include <doctest/doctest.h>

#include "tests/daemon/aafd_process.hpp"
#include "tests/daemon/feed_cli_fixture.hpp"
#include "tests/sync/slapd_fixture.hpp"

namespace aafd {
namespace {

std::string ldap_block(const test::SlapdFixture& slapd, const std::string& branch,
                       const std::filesystem::path& password_file) {
    return "format = \"ldap\"\n[provider.ldap]\nurl = \"" + slapd.url() + "\"\nbind_dn = \"" +
           test::SlapdFixture::bind_dn() + "\"\npassword_file = \"" + password_file.string() +
           "\"\nbase_dn = \"ou=people-" + branch + ",dc=aafd,dc=test\"\n" +
           "structures_dn = \"ou=structures,dc=aafd,dc=test\"\ntimeout_s = 10\n";
}

std::size_t entries(const std::string& dump) {
    std::size_t count = 0;
    for (auto at = dump.find("dn: uid="); at != std::string::npos;
         at = dump.find("dn: uid=", at + 1))
        ++count;
    return count;
}

} // namespace

TEST_CASE("feed deliver, format ldap: the demo académie into two branches of a real slapd") {
    test::SlapdFixture slapd;
    test::FeedCli cli;
    cli.provider("ecoles").extra = ldap_block(slapd, "a", slapd.password_file());
    cli.provider("college").extra = ldap_block(slapd, "b", slapd.password_file());
    cli.import_demo();
    auto run = cli.run({"feed", "deliver"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK(entries(slapd.dump("ou=people-a,dc=aafd,dc=test")) ==
          cli.expected_scope({test::k_ecoles_1, test::k_ecoles_2}).size());
    CHECK(entries(slapd.dump("ou=people-b,dc=aafd,dc=test")) ==
          cli.expected_scope({test::k_college}).size());
    auto binds = cli.records("ldap.bind");
    REQUIRE(binds.size() == 2);
    CHECK(binds[0].outcome == "ok");
    CHECK(cli.records("ldap.apply").size() == 2);
    auto again = cli.run({"feed", "deliver"}); // nothing new: no bind
    CHECK(again.status == 0);
    CHECK(cli.records("ldap.bind").size() == 2);
}

TEST_CASE("feed deliver, format ldap: a refused bind exits 78 naming the DN, not the password") {
    test::SlapdFixture slapd;
    test::FeedCli cli;
    auto wrong = cli.dir / "wrong.password";
    test::write_file(wrong, "wrong-secret-xyz\n");
    std::filesystem::permissions(wrong, std::filesystem::perms::owner_read);
    cli.provider("ecoles").extra = ldap_block(slapd, "a", wrong);
    cli.providers.pop_back();
    cli.import_demo();
    auto run = cli.run({"feed", "deliver"});
    CHECK(run.status == 78);
    CHECK(run.err.find("LDAP bind as cn=aafd,dc=aafd,dc=test to " + slapd.url() +
                       ": Invalid credentials (49)") != std::string::npos);
    CHECK(run.err.find("wrong-secret-xyz") == std::string::npos);
    auto binds = cli.records("ldap.bind");
    REQUIRE(binds.size() == 1);
    CHECK(binds[0].outcome == "refused");
    CHECK(entries(slapd.dump("ou=people-a,dc=aafd,dc=test")) == 0);
}

TEST_CASE("feed deliver, format ldap: the server away exits 74, the next run delivers") {
    test::SlapdFixture slapd;
    test::FeedCli cli;
    cli.provider("ecoles").extra = ldap_block(slapd, "a", slapd.password_file());
    cli.providers.pop_back();
    cli.import_demo();
    slapd.stop();
    auto failed = cli.run({"feed", "deliver"});
    CHECK(failed.status == 74);
    slapd.start();
    auto run = cli.run({"feed", "deliver"});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(entries(slapd.dump("ou=people-a,dc=aafd,dc=test")) ==
          cli.expected_scope({test::k_ecoles_1, test::k_ecoles_2}).size());
}

// The collège alone into ou=people-b, one operation in flight: the batch's application
// (one fsync per add in the fixture's slapd) is most of a run.
void college_only(test::FeedCli& cli, const test::SlapdFixture& slapd) {
    cli.providers.erase(cli.providers.begin());
    cli.provider("college").extra = ldap_block(slapd, "b", slapd.password_file()) + "window = 1\n";
    cli.import_demo();
}

// Starts `aafd feed deliver` and kills it with SIGKILL as soon as the branch holds an
// entry (polled with ldapsearch), unless it ended first. Returns its status.
int deliver_killed_once_started(const test::FeedCli& cli, const test::SlapdFixture& slapd,
                                const std::string& branch) {
    pid_t pid =
        test::start_aafd(cli.args_for({"feed", "deliver"}), cli.dir / "out", cli.dir / "err");
    for (;;) {
        siginfo_t info{};
        if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            info.si_pid == pid)
            break; // ended by itself
        if (entries(slapd.dump(branch)) > 0) {
            ::kill(pid, SIGKILL);
            break;
        }
    }
    return test::wait_aafd(pid);
}

TEST_CASE("feed deliver, format ldap: killed with SIGKILL with part of its batch applied, the "
          "next run leaves the directory as an uninterrupted run does") {
    const std::string branch = "ou=people-b,dc=aafd,dc=test";
    test::SlapdFixture reference_server;
    test::FeedCli reference;
    college_only(reference, reference_server);
    REQUIRE(reference.run({"feed", "deliver"}).status == 0);
    auto expected = reference_server.dump(branch);
    auto total = entries(expected);
    REQUIRE(total > 10);
    constexpr int k_runs = 3;
    int mid_batch = 0;
    for (int k = 1; k <= k_runs; ++k) {
        test::SlapdFixture slapd;
        test::FeedCli cli;
        college_only(cli, slapd);
        int status = deliver_killed_once_started(cli, slapd, branch);
        auto held = entries(slapd.dump(branch));
        CAPTURE(held);
        mid_batch += status == 128 + SIGKILL && held > 0 && held < total;
        auto rerun = cli.run({"feed", "deliver"});
        INFO(rerun.err);
        CHECK(rerun.status == 0);
        CHECK(slapd.dump(branch) == expected);
        CHECK(cli.run({"audit", "verify"}).status == 0);
    }
    MESSAGE(mid_batch << " of " << k_runs << " runs were killed with part of the batch applied ("
                      << total << " entries)");
    CHECK(mid_batch > 0);
}

TEST_CASE("feed reconcile: an entry removed by hand is listed by --dry-run, then added back") {
    test::SlapdFixture slapd;
    test::FeedCli cli;
    cli.provider("ecoles").extra = ldap_block(slapd, "a", slapd.password_file());
    cli.import_demo();
    REQUIRE(cli.run({"feed", "deliver"}).status == 0);
    auto before = slapd.dump("ou=people-a,dc=aafd,dc=test");
    auto at = before.find("dn: uid=") + 4;
    auto dn = before.substr(at, before.find('\n', at) - at);
    slapd.run_tool("ldapdelete", "'" + dn + "'");
    auto dry = cli.run({"feed", "reconcile", "ecoles", "--dry-run"});
    INFO(dry.err);
    CHECK(dry.status == 0);
    CHECK(dry.out == "  add " + dn + "\necoles: 1 fixes needed (dry run)\n");
    CHECK(slapd.dump("ou=people-a,dc=aafd,dc=test") != before);
    auto repair = cli.run({"feed", "reconcile", "ecoles"});
    CHECK(repair.status == 0);
    CHECK(repair.out == "  add " + dn + "\necoles: 1 fixes made\n");
    CHECK(slapd.dump("ou=people-a,dc=aafd,dc=test") == before);
    CHECK(cli.records("ldap.reconcile").size() == 2);
    auto other = cli.run({"feed", "reconcile", "college"});
    CHECK(other.status == 78);
    CHECK(other.err == "aafd: provider college does not write into a directory (format jsonl, "
                       "not ldap)\n");
}

} // namespace aafd
