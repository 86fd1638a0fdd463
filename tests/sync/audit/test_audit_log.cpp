// Specification of the audit trail on disk (sync/audit/audit_log.hpp): files per day, the
// chain across days, concurrent writers, and failing closed.
#include <map>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "sync/audit/files.hpp"
#include "sync/audit/verify.hpp"
#include "tests/sync/audit_test_trail.hpp"

using namespace aafd;
using test::utc;

namespace {

using Clock = std::shared_ptr<std::chrono::system_clock::time_point>;

Clock clock_at(std::chrono::system_clock::time_point instant) {
    return std::make_shared<std::chrono::system_clock::time_point>(instant);
}

// Runs `count` records from a child process with its own AuditLog.
pid_t spawn_writer(const std::filesystem::path& dir, const std::string& actor, int count) {
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    sync::AuditLog log({.dir = dir, .actor = actor, .mirror = [](const sync::AuditRecord&) {}});
    for (int i = 0; i < count; ++i)
        if (!log.record({"sftp.read", actor + "-" + std::to_string(i), "ok", {{"size", "1"}}}))
            _exit(1);
    _exit(0);
}

bool run_command(const std::string& command) { return std::system(command.c_str()) == 0; }

} // namespace

TEST_CASE("records go to the file of their UTC day, the chain continuing across days") {
    test::TempDir dir;
    auto now = clock_at(utc(2025, 9, 1, 23, 59));
    auto log = test::test_log(dir.path(), now);
    REQUIRE(log.record({"ssh.connect", "sftp.example:22", "ok", {{"fingerprint", "SHA256:x"}}}));
    auto last_of_day = *log.last();
    *now = utc(2025, 9, 2, 0, 1);
    REQUIRE(log.record({"ssh.disconnect", "sftp.example:22", "ok", {}}));
    auto first_of_next = *log.last();
    CHECK(last_of_day.time == "2025-09-01T23:59:00.000Z");
    CHECK(last_of_day.actor == "alice");
    CHECK(first_of_next.seq == 2);
    CHECK(first_of_next.prev == last_of_day.hash);
    CHECK(test::file_lines(dir / "2025-09-01.jsonl").size() == 1);
    REQUIRE(test::file_lines(dir / "2025-09-02.jsonl").size() == 1);
    auto parsed = sync::parse_audit_line(test::file_lines(dir / "2025-09-02.jsonl")[0]);
    REQUIRE(parsed);
    CHECK(*parsed == first_of_next);
}

TEST_CASE("a new writer continues the chain where the trail ends") {
    test::TempDir dir;
    test::write_days(dir.path(), 2, 2);
    auto log = test::test_log(dir.path(), clock_at(utc(2025, 9, 5, 8)), "scheduler:cycle-3");
    REQUIRE(log.record({"daemon.start", "", "ok", {}}));
    CHECK(log.last()->seq == 5);
    auto verified = sync::verify_audit_trail(dir.path(), std::nullopt);
    REQUIRE(verified);
    CHECK_FALSE(verified->damage);
    CHECK(verified->records == 5);
}

TEST_CASE("when the clock goes back over midnight the record stays in the newest file") {
    test::TempDir dir;
    auto now = clock_at(utc(2025, 9, 2, 0, 0));
    auto log = test::test_log(dir.path(), now);
    REQUIRE(log.record({"person.show", "1", "ok", {}}));
    *now = utc(2025, 9, 1, 23, 59);
    REQUIRE(log.record({"person.show", "2", "ok", {}}));
    CHECK_FALSE(std::filesystem::exists(dir / "2025-09-01.jsonl"));
    CHECK(test::file_lines(dir / "2025-09-02.jsonl").size() == 2);
    CHECK_FALSE(sync::verify_audit_trail(dir.path(), std::nullopt)->damage);
}

TEST_CASE("each record goes to the mirror (journald) after it is in the file") {
    test::TempDir dir;
    std::vector<sync::AuditRecord> mirrored;
    sync::AuditLog log({.dir = dir.path(),
                        .actor = "alice",
                        .mirror = [&](const sync::AuditRecord& r) { mirrored.push_back(r); }});
    REQUIRE(log.record({"person.show", "1", "ok", {}}));
    REQUIRE(mirrored.size() == 1);
    CHECK(mirrored[0] == *log.last());
}

TEST_CASE("journald being unavailable does not fail the record") {
    test::TempDir dir;
    sync::AuditLog log({.dir = dir.path(), .actor = "alice"}); // the real journald mirror
    CHECK(log.record({"person.show", "1", "ok", {}}));
}

TEST_CASE("two processes writing at once: no interleaving, the chain whole") {
    test::TempDir dir;
    constexpr int k_each = 300;
    pid_t first = spawn_writer(dir.path(), "alice", k_each);
    pid_t second = spawn_writer(dir.path(), "scheduler:cycle-1", k_each);
    int status_first = -1, status_second = -1;
    REQUIRE(waitpid(first, &status_first, 0) == first);
    REQUIRE(waitpid(second, &status_second, 0) == second);
    CHECK(status_first == 0);
    CHECK(status_second == 0);
    auto verified = sync::verify_audit_trail(dir.path(), std::nullopt);
    REQUIRE(verified);
    CHECK_FALSE(verified->damage);
    CHECK(verified->records == 2 * k_each);
    auto records = sync::read_audit_records(dir.path(), std::nullopt, std::nullopt);
    REQUIRE(records);
    std::map<std::string, int> next{{"alice", 0}, {"scheduler:cycle-1", 0}};
    for (const auto& record : *records) // each writer's records in its own order
        CHECK(record.object == record.actor + "-" + std::to_string(next[record.actor]++));
    CHECK(next["alice"] == k_each);
}

TEST_CASE("fail closed: a record that cannot be written is an Io error naming the file") {
    test::TempDir dir;
    SUBCASE("the audit folder's path is a file (fails for root too)") {
        test::write_file(dir / "taken", "x");
        auto log = test::test_log(dir / "taken" / "audit", clock_at(utc(2025, 9, 1)));
        auto recorded = log.record({"person.show", "1", "ok", {}});
        REQUIRE_FALSE(recorded);
        CHECK(recorded.error().code == ErrorCode::Io);
        CHECK(recorded.error().message == "audit folder: cannot create the folder " +
                                              (dir / "taken").string() + ": Not a directory");
    }
    SUBCASE("the day file is immutable (chattr +i: fails for root too)") {
        auto log = test::test_log(dir.path(), clock_at(utc(2025, 9, 1)));
        REQUIRE(log.record({"person.show", "1", "ok", {}}));
        auto file = dir / "2025-09-01.jsonl";
        if (!run_command("chattr +i " + file.string() + " 2>/dev/null")) {
            MESSAGE("chattr +i is not available here: subcase skipped");
            return;
        }
        auto recorded = log.record({"person.show", "2", "ok", {}});
        run_command("chattr -i " + file.string());
        REQUIRE_FALSE(recorded);
        CHECK(recorded.error().code == ErrorCode::Io);
        CHECK(recorded.error().message ==
              "audit file: cannot open " + file.string() + ": Operation not permitted");
        CHECK(test::file_lines(file).size() == 1);
    }
    SUBCASE("the audit folder is on a read-only mount (fails for root too)") {
        auto audit = dir / "audit";
        auto log = test::test_log(audit, clock_at(utc(2025, 9, 1)));
        REQUIRE(log.record({"person.show", "1", "ok", {}}));
        if (::mount(audit.c_str(), audit.c_str(), nullptr, MS_BIND, nullptr) != 0) {
            MESSAGE("bind mounts need CAP_SYS_ADMIN: subcase skipped");
            return;
        }
        bool read_only = ::mount(nullptr, audit.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY,
                                 nullptr) == 0;
        auto recorded = log.record({"person.show", "2", "ok", {}});
        ::umount2(audit.c_str(), MNT_DETACH);
        REQUIRE(read_only);
        REQUIRE_FALSE(recorded);
        CHECK(recorded.error().code == ErrorCode::Io);
        CHECK(recorded.error().message == "audit lock: cannot open " +
                                              (audit / "audit.lock").string() +
                                              ": Read-only file system");
    }
}

TEST_CASE("a trail ending with an incomplete record refuses new records") {
    test::TempDir dir;
    test::write_days(dir.path(), 1, 2);
    auto file = dir / "2025-09-01.jsonl";
    std::string bytes = test::read_file(file);
    test::write_file(file, bytes.substr(0, bytes.size() - 10));
    auto log = test::test_log(dir.path(), clock_at(utc(2025, 9, 1, 12)));
    auto recorded = log.record({"person.show", "3", "ok", {}});
    REQUIRE_FALSE(recorded);
    CHECK(recorded.error().code == ErrorCode::Io);
    CHECK(recorded.error().message == "cannot continue the audit trail: " + file.string() +
                                          " ends with an incomplete record; run `aafd audit "
                                          "verify`");
}

TEST_CASE("reading records by day range") {
    test::TempDir dir;
    test::write_days(dir.path(), 3, 2);
    auto records = sync::read_audit_records(dir.path(), *parse_iso_date("2025-09-02"),
                                            *parse_iso_date("2025-09-02"));
    REQUIRE(records);
    REQUIRE(records->size() == 2);
    CHECK(records->front().seq == 3);
    CHECK(records->front().object == "p3");
    CHECK(sync::read_audit_records(dir / "none", std::nullopt, std::nullopt)->empty());
}

TEST_CASE("the scheduler's records name the cycle they belong to") {
    test::TempDir dir;
    sync::AuditLog log(
        {.dir = dir.path(), .actor = "scheduler", .mirror = [](const sync::AuditRecord&) {}});
    REQUIRE(log.record({"daemon.start", "aafd.toml", "ok", {}}));
    CHECK(log.last()->actor == "scheduler");
    log.begin_cycle(42);
    REQUIRE(log.record({"ssh.connect", "echange.example:22", "ok", {}}));
    CHECK(log.last()->actor == "scheduler:cycle-42");
    log.begin_cycle(0);
    REQUIRE(log.record({"daemon.stop", "aafd.toml", "ok", {}}));
    CHECK(log.last()->actor == "scheduler");
}
