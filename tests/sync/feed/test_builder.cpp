// Specification of provider feeds (sync/feed/builder.hpp, sync/feed/delivery.hpp) on a
// small académie imported into a real SQLite store: scope per provider, the lifecycle
// of accounts in each provider's feed, re-delivery after a crash, snapshots and the end
// of a convention.
#include <csignal>
#include <fstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "tests/sync/feed_fixture.hpp"
#include "util/sha256.hpp"

using namespace aafd;
using namespace aafd::sync;
using test::ops_of;
using test::read_text;

namespace {

std::vector<std::string> sorted(std::vector<std::string> items) {
    std::sort(items.begin(), items.end());
    return items;
}

// Builds, delivers and returns the ops of the batch the provider received.
std::vector<std::string> cycle(test::FeedFixture& f, const FeedProvider& provider) {
    f.provision();
    auto built = f.build(provider);
    auto delivered = f.deliver(provider.name);
    REQUIRE(delivered.size() == built.batches.size());
    std::vector<std::string> ops;
    for (const auto& batch : delivered) {
        auto text = read_text(f.dir / "outbox" / provider.name /
                              std::filesystem::path(batch.file).filename());
        for (auto& op : ops_of(text))
            ops.push_back(op);
    }
    return sorted(ops);
}

} // namespace

TEST_CASE("each provider receives only the people of its schools") {
    test::FeedFixture f;
    f.import_year();
    CHECK(
        cycle(f, f.provider("a", "0000001A")) ==
        std::vector<std::string>{"create P1", "create P2", "create R1", "create R2", "create T1"});
    CHECK(cycle(f, f.provider("b", "0000002B")) ==
          std::vector<std::string>{"create P3", "create R3", "create T2"});
}

TEST_CASE("a batch carries logins, codes on create, schools and classes of the provider only") {
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto provider = f.provider("a", "0000001A");
    auto built = f.build(provider);
    REQUIRE(built.batches.size() == 1);
    auto text = read_text(built.batches.front().file);
    CHECK(text.find("\"login\":\"marie.martin\"") != std::string::npos);
    CHECK(text.find("\"login\":\"eloise.dalmeida-nunez\"") != std::string::npos);
    CHECK(text.find("\"schools\":[{\"uai\":\"0000001A\",\"name\":\"ECOLE "
                    "S1\",\"type\":null,\"label\":\"ECOLE S1\",\"town\":null}]") !=
          std::string::npos);
    CHECK(
        text.find("\"links\":[{\"kind\":\"relative\",\"id\":\"R1\",\"login\":\"paul.martin\"}]") !=
        std::string::npos);
    CHECK(text.find("\"links\":[{\"kind\":\"child\",\"id\":\"P1\",\"login\":\"marie.martin\"}]") !=
          std::string::npos);
    // 2D pupils name their class by code only: the label is the one their school lists.
    CHECK(text.find("\"classes\":[{\"uai\":\"0000001A\",\"kind\":\"class\",\"code\":\"6A\","
                    "\"label\":\"6EME A\"}]") != std::string::npos);
    CHECK(text.find("0000002B") == std::string::npos);
    CHECK(text.find("birth_date") == std::string::npos); // not among its fields
    std::size_t codes = 0;
    for (auto at = text.find("\"activation_code\":\""); at != std::string::npos;
         at = text.find("\"activation_code\":\"", at + 1))
        ++codes;
    CHECK(codes == 5);
}

TEST_CASE("a pupil changing school moves from one provider's feed to the other's") {
    test::FeedFixture f;
    f.import_year();
    auto a = f.provider("a", "0000001A");
    auto b = f.provider("b", "0000002B");
    cycle(f, a);
    cycle(f, b);
    f.import("Delta", "20250908",
             {{Category::Pupil,
               {{"P1",
                 {{"ENTPersonStructRattach", {"S2"}}, {"ENTEleveClasses", {"S2$6A"}}},
                 "modifyRequest"}}}});
    CHECK(cycle(f, a) ==
          std::vector<std::string>{"delete P1 out_of_scope", "delete R1 out_of_scope"});
    CHECK(cycle(f, b) == std::vector<std::string>{"create P1", "create R1"});
    CHECK(f.login("P1", Category::Pupil) == "marie.martin");
}

TEST_CASE("disappeared people are deactivated, restored ones updated, deleted ones deleted") {
    test::FeedFixture f;
    f.import_year();
    auto a = f.provider("a", "0000001A");
    cycle(f, a);
    f.import("Delta", "20250908", {{Category::Pupil, {{"P2", {}, "deleteRequest"}}}});
    CHECK(cycle(f, a) == std::vector<std::string>{"deactivate P2 disappeared", "update R2"});
    f.import("Delta", "20250909",
             {{Category::Pupil, {test::pupil("P2", "D'ALMEIDA-NUÑEZ", "Éloïse", "S1", "R2")}}});
    CHECK(cycle(f, a) == std::vector<std::string>{"update P2", "update R2"});
    CHECK(cycle(f, a).empty()); // nothing changed since
}

TEST_CASE("a relative is re-sent when a child's link changes or the child leaves") {
    test::FeedFixture f;
    f.import_year();
    auto a = f.provider("a", "0000001A");
    cycle(f, a);
    // The line of `id` in the provider's one new batch.
    auto line_of = [&](const std::string& id) {
        f.provision();
        auto built = f.build(a);
        REQUIRE(built.batches.size() == 1);
        auto text = read_text(built.batches.front().file);
        f.deliver(a.name);
        auto at = text.find("\"id\":\"" + id + "\",\"category\"");
        REQUIRE(at != std::string::npos);
        auto begin = text.rfind('\n', at);
        begin = begin == std::string::npos ? 0 : begin + 1;
        return std::pair{ops_of(text), text.substr(begin, text.find('\n', at) - begin)};
    };
    const std::string p1 = R"({"kind":"child","id":"P1","login":"marie.martin"})";
    const std::string p2 = R"({"kind":"child","id":"P2","login":"eloise.dalmeida-nunez"})";

    // P1 names R2 beside R1: R2's children change, R1's do not.
    f.import("Delta", "20250908",
             {{Category::Pupil,
               {{"P1",
                 {{"ENTElevePersRelEleve", {"R1$10$1$1$1$1", "R2$10$1$1$1$1"}}},
                 "modifyRequest"}}}});
    auto [ops, r2] = line_of("R2");
    CHECK(sorted(ops) == std::vector<std::string>{"update P1", "update R2"});
    CHECK(r2.find("\"links\":[" + p1 + "," + p2 + "]") != std::string::npos);

    // P1 leaves: both its relatives lose a child.
    f.import("Delta", "20250909", {{Category::Pupil, {{"P1", {}, "deleteRequest"}}}});
    auto [left, r2_after] = line_of("R2");
    CHECK(sorted(left) ==
          std::vector<std::string>{"deactivate P1 disappeared", "update R1", "update R2"});
    CHECK(r2_after.find("\"links\":[" + p2 + "]") != std::string::npos);
}

TEST_CASE("logins never change: not with a new name, not on re-import, clashes get a number") {
    test::FeedFixture f;
    f.import_year();
    f.provision();
    CHECK(f.login("P1", Category::Pupil) == "marie.martin");
    CHECK(f.login("P3", Category::Pupil) == "marie.martin2");
    f.import("Delta", "20250908",
             {{Category::Pupil,
               {{"P1", {{"sn", {"DURAND"}}}, "modifyRequest"},
                test::pupil("P4", "Martin", "Marie", "S1", "R1")}}});
    f.provision();
    CHECK(f.login("P1", Category::Pupil) == "marie.martin");
    CHECK(f.login("P4", Category::Pupil) == "marie.martin3");
    f.import("Delta", "20250909", {{Category::Pupil, {{"P1", {}, "deleteRequest"}}}});
    f.import("Delta", "20250910",
             {{Category::Pupil, {test::pupil("P1", "MARTIN", "Marie", "S1", "R1")}}});
    f.provision();
    CHECK(f.login("P1", Category::Pupil) == "marie.martin");
}

TEST_CASE("a crash between delivering a batch and advancing the cursor re-delivers that batch") {
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = f.provider("a", "0000001A");
    auto built = f.build(a);
    REQUIRE(built.batches.size() == 1);
    const auto& batch = built.batches.front();
    auto sent = f.dir / "outbox" / "a" / std::filesystem::path(batch.file).filename();

    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) { // sends the batch, then dies before confirming it
        auto done = send_batch(batch, f.outbox("a"));
        if (done)
            raise(SIGKILL);
        _exit(3);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    auto first_delivery = read_text(sent);
    CHECK_FALSE(first_delivery.empty());
    CHECK(f.accounts->cursor("a").value() == 0);

    auto rebuilt = f.build(a); // what changed meanwhile: nothing; the pending batch stays
    CHECK(rebuilt.batches.empty());
    auto delivered = f.deliver("a");
    REQUIRE(delivered.size() == 1);
    CHECK(delivered.front().id == batch.id);
    CHECK(read_text(sent) == first_delivery);
    CHECK(f.accounts->cursor("a").value() == batch.last_seq);
    CHECK(f.accounts->pending_batches("a").value().empty());
}

TEST_CASE("a built batch whose file changed is refused, not delivered") {
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = f.provider("a", "0000001A");
    auto built = f.build(a);
    REQUIRE(built.batches.size() == 1);
    std::ofstream(built.batches.front().file, std::ios::app) << "tampered\n";
    auto delivered = deliver_pending(
        *f.accounts, "a", f.outbox("a"), [](const FeedBatch&) -> Result<void> { return {}; },
        "2025-09-08T03:00:01Z");
    REQUIRE_FALSE(delivered);
    CHECK(delivered.error().message.find("changed since it was built") != std::string::npos);
    CHECK(f.accounts->cursor("a").value() == 0);
}

TEST_CASE("a new activation code reaches the providers holding the account") {
    test::FeedFixture f;
    f.import_year();
    auto a = f.provider("a", "0000001A");
    cycle(f, a);
    auto found = f.accounts->objects_with_id("test", Category::Pupil, "P1");
    REQUIRE(found);
    REQUIRE(f.accounts->begin());
    REQUIRE(f.accounts->set_activation_code(found->front().rowid, "ZZZZ2222", "2025-09-09"));
    REQUIRE(f.accounts->append_journal(found->front(), JournalOp::Update, {"activation_code"},
                                       "2025-09-09"));
    REQUIRE(f.accounts->commit());
    auto built = f.build(a);
    REQUIRE(built.batches.size() == 1);
    auto text = read_text(built.batches.front().file);
    CHECK(ops_of(text) == std::vector<std::string>{"update P1"});
    CHECK(text.find("\"activation_code\":\"ZZZZ2222\"") != std::string::npos);
}

TEST_CASE("a snapshot re-sends every account in scope and replaces what the provider held") {
    test::FeedFixture f;
    f.import_year();
    auto a = f.provider("a", "0000001A");
    cycle(f, a);
    f.import("Delta", "20250908", {{Category::Pupil, {{"P2", {}, "deleteRequest"}}}});
    auto built = f.build(a, BuildMode::Snapshot);
    REQUIRE(built.batches.size() == 1);
    SUBCASE("refused while a batch is pending") {
        auto second = build_feed(*f.accounts, a, BuildMode::Snapshot, "2025-09-08T04:00:00Z");
        REQUIRE_FALSE(second);
        CHECK(second.error().message ==
              "provider a has 1 undelivered batches: run `aafd feed deliver` first");
    }
    SUBCASE("holds every active account in scope") {
        REQUIRE(built.batches.size() == 1);
        CHECK(std::filesystem::path(built.batches.front().file)
                  .filename()
                  .string()
                  .find("snapshot") != std::string::npos);
        CHECK(sorted(ops_of(read_text(built.batches.front().file))) ==
              std::vector<std::string>{"create P1", "create R1", "create R2", "create T1"});
        auto members = f.accounts->members("a");
        REQUIRE(members);
        std::map<MemberState, int> states;
        for (const auto& [object, state] : *members)
            ++states[state];
        CHECK(states[MemberState::Active] == 4);
        CHECK(states[MemberState::Deleted] == 1);
    }
}

namespace {

// The address space the process has mapped now, in bytes (/proc/self/statm).
std::uint64_t mapped_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t pages = 0;
    statm >> pages;
    return pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

} // namespace

TEST_CASE("a snapshot of many accounts is written under a memory limit") {
    // 40,000 accounts, about 14 MB of lines: a builder holding the snapshot's lines or its
    // file in memory needs several times the 24 MiB the child may map beyond what it has.
    constexpr int k_pupils = 20000;
    test::FeedFixture f;
    std::vector<test::TestRecord> pupils;
    std::vector<test::TestRecord> relatives;
    for (int i = 0; i < k_pupils; ++i) {
        auto n = std::to_string(i);
        pupils.push_back(test::pupil("P" + n, "ELEVE" + n, "Marie", "S1", "R" + n));
        relatives.push_back(test::relative("R" + n, "PARENT" + n, "Paul"));
    }
    f.import("Complet", "20250907",
             {{Category::Structure, {test::school("S1", "0000001A")}},
              {Category::Pupil, pupils},
              {Category::Relative, relatives}});
    f.provision();
    auto a = f.provider("a", "0000001A");

    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) { // its own connection: an SQLite connection does not cross a fork
        rlim_t cap = mapped_bytes() + (rlim_t{24} << 20);
        rlimit limit{cap, cap};
        auto store = SqliteAccountStore::open((f.dir / "store.db").string());
        if (!store || setrlimit(RLIMIT_AS, &limit) != 0)
            _exit(2);
        auto built = build_feed(**store, a, BuildMode::Snapshot, "2025-09-08T03:00:00Z");
        _exit(built && built->lines == 2 * k_pupils ? 0 : 1);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    auto batches = f.accounts->pending_batches("a");
    REQUIRE(batches);
    REQUIRE(batches->size() == 1);
    CHECK(batches->front().lines == 2 * k_pupils);
    CHECK(batches->front().sha256 == sha256_hex(read_text(batches->front().file)));
}

TEST_CASE("at the end of a convention's retention every account it had is deleted, once") {
    test::FeedFixture f;
    f.import_year();
    auto a = f.provider("a", "0000001A");
    cycle(f, a);
    auto final_batch = f.build(a, BuildMode::ConventionEnd);
    REQUIRE(final_batch.batches.size() == 1);
    CHECK(final_batch.batches.front().kind == FeedBatchKind::Final);
    CHECK(sorted(ops_of(read_text(final_batch.batches.front().file))) ==
          std::vector<std::string>{"delete P1 convention_ended", "delete P2 convention_ended",
                                   "delete R1 convention_ended", "delete R2 convention_ended",
                                   "delete T1 convention_ended"});
    CHECK(f.accounts->closed_at("a").value().has_value());
    f.deliver("a");
    CHECK(f.build(a, BuildMode::ConventionEnd).lines == 0);
}

TEST_CASE("batches are cut at sequence boundaries, consecutive, each with its own range") {
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = f.provider("a", "0000001A");
    a.batch_max_lines = 2;
    auto built = f.build(a);
    REQUIRE(built.batches.size() >= 2);
    std::int64_t previous = 0;
    std::uint64_t lines = 0;
    for (const auto& batch : built.batches) {
        CHECK(batch.first_seq == previous);
        CHECK(batch.last_seq > batch.first_seq);
        previous = batch.last_seq;
        lines += batch.lines;
    }
    CHECK(lines == 5);
    CHECK(f.deliver("a").size() == built.batches.size());
    CHECK(f.accounts->cursor("a").value() == built.batches.back().last_seq);
}

TEST_CASE("deleted people are purged after their deletion reached every provider") {
    test::FeedFixture f;
    f.import_year();
    auto a = f.provider("a", "0000001A");
    cycle(f, a);
    auto p2 = f.accounts->objects_with_id("test", Category::Pupil, "P2").value().front();
    REQUIRE(f.store->begin());
    REQUIRE(f.store->set_state(p2.rowid, State::Deleted, "2025-01-01"));
    REQUIRE(f.store->commit());
    REQUIRE(f.accounts->begin());
    CHECK(f.accounts->purge_deleted("2025-06-01").value().empty()); // a still holds P2
    f.accounts->rollback();
    REQUIRE(f.accounts->begin());
    REQUIRE(f.accounts->append_journal(p2, JournalOp::Delete, {}, "2025-01-01"));
    REQUIRE(f.accounts->commit());
    CHECK(cycle(f, a) == std::vector<std::string>{"delete P2 deleted", "delete R2 out_of_scope"});
    REQUIRE(f.accounts->begin());
    auto purged = f.accounts->purge_deleted("2025-06-01");
    REQUIRE(f.accounts->commit());
    REQUIRE(purged);
    REQUIRE(purged->size() == 1);
    CHECK(purged->front().id == "P2");
    CHECK(f.accounts->objects_with_id("test", Category::Pupil, "P2").value().empty());
    CHECK(f.accounts->account(p2.rowid).value() == std::nullopt);
    CHECK_FALSE(f.accounts->journal_of(p2.rowid).value().empty()); // ids only, kept
}
