// Specification of `aafd feed deliver|snapshot|status` (daemon/feed_command.cpp), run
// in-process on the demo académie with two providers: what lands in each outbox, the
// audit records, a failing outbox, the convention's dates, snapshots and the status.
#include <doctest/doctest.h>

#include "daemon/daemon_state.hpp"
#include "sync/feed/activation_code.hpp"
#include "tests/daemon/feed_cli_fixture.hpp"
#include "util/sha256.hpp"

using namespace aafd;
using test::FeedCli;

namespace {

// The last journal position, read by SQL.
std::int64_t journal_end(const FeedCli& f) {
    auto db = sync::Database::open(f.store().string(), sync::OpenMode::ReadOnly);
    REQUIRE(db);
    auto query = db->prepare("SELECT max(seq) FROM journal");
    REQUIRE(query);
    REQUIRE(query->step().value());
    return query->column_int(0);
}

// The people of the demo académie, by SQL.
std::int64_t people_count(const FeedCli& f) {
    auto db = sync::Database::open(f.store().string(), sync::OpenMode::ReadOnly);
    REQUIRE(db);
    auto query = db->prepare("SELECT count(*) FROM object WHERE category IN ('Eleve', "
                             "'PersRelEleve', 'PersEducNat')");
    REQUIRE(query);
    REQUIRE(query->step().value());
    return query->column_int(0);
}

std::string padded(std::int64_t seq) {
    auto digits = std::to_string(seq);
    return std::string(12 - digits.size(), '0') + digits;
}

nlohmann::json status_of(const FeedCli& f, const std::string& provider) {
    auto run = f.run({"feed", "status", "--json"});
    REQUIRE(run.status == 0);
    for (const auto& status : nlohmann::json::parse(run.out))
        if (status["provider"] == provider)
            return status;
    FAIL("no status for " << provider);
    return {};
}

bool is_code(const std::string& code) {
    return code.size() == 8 && code.find_first_not_of(sync::k_code_alphabet) == std::string::npos;
}

} // namespace

TEST_CASE("feed deliver: each provider receives its schools' people, once") {
    FeedCli f;
    f.import_demo();
    auto end = journal_end(f);
    auto ecoles_scope = f.expected_scope({test::k_ecoles_1, test::k_ecoles_2});
    auto college_scope = f.expected_scope({test::k_college});
    REQUIRE_FALSE(ecoles_scope.empty());
    REQUIRE_FALSE(college_scope.empty());
    std::string ecoles_file = "aafd-ecoles-000000000000-" + padded(end) + ".jsonl";
    std::string college_file = "aafd-college-000000000000-" + padded(end) + ".jsonl";

    auto run = f.run({"feed", "deliver"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    auto n = [](const std::set<std::string>& s) { return std::to_string(s.size()); };
    CHECK(run.out == "accounts created: " + std::to_string(people_count(f)) +
                         "\necoles: running, " + n(ecoles_scope) +
                         " lines built, 1 batches delivered\n  delivered " + ecoles_file + " (" +
                         n(ecoles_scope) + " lines, seq 0.." + std::to_string(end) +
                         ")\ncollege: running, " + n(college_scope) +
                         " lines built, 1 batches delivered\n  delivered " + college_file + " (" +
                         n(college_scope) + " lines, seq 0.." + std::to_string(end) + ")\n");
    REQUIRE(f.files("ecoles") == std::vector<std::string>{ecoles_file});
    REQUIRE(f.files("college") == std::vector<std::string>{college_file});

    auto ecoles = f.lines("ecoles", ecoles_file);
    auto college = f.lines("college", college_file);
    CHECK(test::people_of(ecoles) == ecoles_scope);
    CHECK(test::people_of(college) == college_scope);
    std::set<std::string> logins;
    for (const auto& line : college) {
        CHECK(line["op"] == "create");
        CHECK(is_code(line["activation_code"].get<std::string>()));
        auto schools = line["category"] == "PersRelEleve" // relatives have no school
                           ? nlohmann::json::array()
                           : nlohmann::json{{{"uai", test::k_college},
                                             {"name", "CLG$CLG CAMILLE GUÉRIN$BUXEROLLES"},
                                             {"type", "CLG"},
                                             {"label", "CLG CAMILLE GUÉRIN"},
                                             {"town", "BUXEROLLES"}}};
        CHECK(line["schools"] == schools);
        CHECK_FALSE(line.contains("birth_date")); // not among the default fields
        logins.insert(line["login"].get<std::string>());
    }
    CHECK(logins.size() == college.size());

    SUBCASE("every batch and the provisioning are in the audit trail") {
        auto provisioned = f.records("accounts.provision");
        REQUIRE(provisioned.size() == 1);
        CHECK(provisioned[0].detail("created") == std::to_string(people_count(f)));
        auto delivered = f.records("feed.deliver");
        REQUIRE(delivered.size() == 2);
        CHECK(delivered[0].object == "ecoles");
        CHECK(delivered[0].outcome == "ok");
        CHECK(delivered[0].details ==
              std::vector<std::pair<std::string, std::string>>{
                  {"to", f.outbox("ecoles").string()},
                  {"file", ecoles_file},
                  {"kind", "changes"},
                  {"lines", n(ecoles_scope)},
                  {"seq", "0.." + std::to_string(end)},
                  {"sha256", sha256_hex(test::read_file(f.outbox("ecoles") / ecoles_file))}});
        CHECK(delivered[1].object == "college");
        CHECK(delivered[1].detail("sha256") ==
              sha256_hex(test::read_file(f.outbox("college") / college_file)));
    }
    SUBCASE("a second run with nothing new delivers nothing and records nothing") {
        auto again = f.run({"feed", "deliver"});
        CHECK(again.status == 0);
        CHECK(again.out == "accounts created: 0\n"
                           "ecoles: running, 0 lines built, 0 batches delivered\n"
                           "college: running, 0 lines built, 0 batches delivered\n");
        CHECK(f.files("ecoles") == std::vector<std::string>{ecoles_file});
        CHECK(f.files("college") == std::vector<std::string>{college_file});
        CHECK(f.records("feed.deliver").size() == 2);
        CHECK(f.records("accounts.provision").size() == 1);
    }
}

TEST_CASE("feed deliver --provider delivers to that provider only, an unknown one exits 1") {
    FeedCli f;
    f.import_demo();
    SUBCASE("one provider") {
        auto run = f.run({"feed", "deliver", "--provider", "college"});
        REQUIRE(run.status == 0);
        CHECK(run.out.find("ecoles") == std::string::npos);
        CHECK(f.files("college").size() == 1);
        CHECK(f.files("ecoles").empty());
        CHECK(status_of(f, "ecoles")["cursor"] == 0);
    }
    SUBCASE("an unknown provider: nothing is done") {
        auto run = f.run({"feed", "deliver", "--provider", "nope"});
        CHECK(run.status == 1);
        CHECK(run.out.empty());
        CHECK(run.err == "aafd: no [[provider]] named nope (configured: ecoles, college)\n");
        CHECK(f.files("college").empty());
        CHECK(f.records("accounts.provision").empty());
    }
}

TEST_CASE("an unwritable outbox fails its provider only, the same batch is delivered later") {
    FeedCli f;
    f.import_demo();
    auto taken = f.dir / "taken";
    test::write_file(taken, "a regular file, not a folder");
    f.provider("college").outbox = taken.string();

    auto failed = f.run({"feed", "deliver"});
    CHECK(failed.status == 74);
    CHECK(failed.err == "aafd: provider college: outbox: cannot create the folder " +
                            taken.string() + ": Not a directory\n");
    CHECK(failed.out.find("college: running, " +
                          std::to_string(f.expected_scope({test::k_college}).size()) +
                          " lines built, 0 batches delivered\n") != std::string::npos);
    CHECK(f.files("ecoles").size() == 1); // the other provider was served
    auto status = status_of(f, "college");
    CHECK(status["cursor"] == 0);
    CHECK(status["pending_batches"] == 1);
    auto attempts = f.records("feed.deliver");
    REQUIRE(attempts.size() == 3); // ecoles; college before the send, then its failure
    CHECK(attempts[1].object == "college");
    CHECK(attempts[1].outcome == "ok");
    CHECK(attempts[2].object == "college");
    CHECK(attempts[2].outcome == "failed");
    CHECK(attempts[2].detail("file") == attempts[1].detail("file"));
    CHECK(attempts[2].detail("error").find("Not a directory") != std::string::npos);

    std::filesystem::remove(taken);
    auto retried = f.run({"feed", "deliver"});
    INFO(retried.err);
    REQUIRE(retried.status == 0);
    CHECK(retried.out.find("college: running, 0 lines built, 1 batches delivered\n") !=
          std::string::npos);
    REQUIRE(f.files("college") == std::vector<std::string>{attempts[1].detail("file")});
    CHECK(sha256_hex(test::read_file(taken / attempts[1].detail("file"))) ==
          attempts[1].detail("sha256"));
    auto records = f.records("feed.deliver");
    REQUIRE(records.size() == 4);
    CHECK(records[3].details == attempts[1].details);
    CHECK(records[3].outcome == "ok");
    status = status_of(f, "college");
    CHECK(status["cursor"] == journal_end(f));
    CHECK(status["pending_batches"] == 0);
}

TEST_CASE("the convention's dates: nothing before the start or after the end, then a final "
          "batch once") {
    FeedCli f;
    f.import_demo();
    SUBCASE("a convention starting later receives nothing yet") {
        f.provider("college").extra = "start = " + test::iso_day(30) + "\n";
        auto run = f.run({"feed", "deliver"});
        REQUIRE(run.status == 0);
        CHECK(run.out.find("college: not_started, 0 lines built, 0 batches delivered\n") !=
              std::string::npos);
        CHECK(f.files("college").empty());
        CHECK(f.files("ecoles").size() == 1);
        CHECK(status_of(f, "college")["phase"] == "not_started");
    }
    SUBCASE("a convention that started today receives its accounts") {
        f.provider("college").extra = "start = " + test::iso_day(0) + "\n";
        REQUIRE(f.run({"feed", "deliver"}).status == 0);
        CHECK(f.files("college").size() == 1);
    }
    SUBCASE("after the end, the feed stops until the retention has passed, then deletes all") {
        REQUIRE(f.run({"feed", "deliver"}).status == 0);
        auto first = f.files("college");
        REQUIRE(first.size() == 1);
        auto held = test::people_of(f.lines("college", first[0]));
        auto cursor = status_of(f, "college")["cursor"].get<std::int64_t>();

        f.provider("college").extra =
            "end = " + test::iso_day(-10) + "\nretention_days = 30\n"; // retention runs
        auto stopped = f.run({"account", "reset-code", "1000407"});    // a change it would get
        REQUIRE(stopped.status == 0);
        auto run = f.run({"feed", "deliver"});
        REQUIRE(run.status == 0);
        CHECK(run.out.find("college: stopped, 0 lines built, 0 batches delivered\n") !=
              std::string::npos);
        CHECK(f.files("college") == first);

        f.provider("college").extra = "end = " + test::iso_day(-10) + "\nretention_days = 5\n";
        auto final_run = f.run({"feed", "deliver"});
        REQUIRE(final_run.status == 0);
        CHECK(final_run.out.find("college: final_due, " + std::to_string(held.size()) +
                                 " lines built, 1 batches delivered\n") != std::string::npos);
        auto files = f.files("college");
        REQUIRE(files.size() == 2);
        CHECK(files[0] == first[0]);
        CHECK(files[1].starts_with("aafd-college-" + padded(cursor) + "-"));
        auto deletes = f.lines("college", files[1]);
        CHECK(test::people_of(deletes) == held);
        for (const auto& line : deletes) {
            CHECK(line["op"] == "delete");
            CHECK(line["reason"] == "convention_ended");
            CHECK_FALSE(line.contains("activation_code"));
            CHECK_FALSE(line.contains("last_name"));
        }
        CHECK(f.records("feed.deliver").back().detail("kind") == "final");
        auto status = status_of(f, "college");
        CHECK(status["phase"] == "closed");
        CHECK(status["accounts"] == nlohmann::json{{"deleted", held.size()}});

        auto after = f.run({"feed", "deliver"});
        REQUIRE(after.status == 0);
        CHECK(after.out.find("college: closed, 0 lines built, 0 batches delivered\n") !=
              std::string::npos);
        CHECK(f.files("college").size() == 2);
    }
}

TEST_CASE("feed snapshot: every active account in scope, with its code, refused while a batch "
          "is pending") {
    FeedCli f;
    f.import_demo();
    auto scope = f.expected_scope({test::k_college});
    SUBCASE("after a delivery") {
        REQUIRE(f.run({"feed", "deliver"}).status == 0);
        auto cursor = status_of(f, "college")["cursor"].get<std::int64_t>();
        auto run = f.run({"feed", "snapshot", "college"});
        INFO(run.err);
        REQUIRE(run.status == 0);
        auto files = f.files("college");
        REQUIRE(files.size() == 2);
        auto snapshot = files[1];
        REQUIRE(snapshot.starts_with("aafd-college-snapshot-"));
        auto seq = std::stoll(snapshot.substr(22, 12));
        CHECK(seq > cursor);
        CHECK(run.out == "college: snapshot of " + std::to_string(scope.size()) +
                             " accounts\n  delivered " + snapshot + " (" +
                             std::to_string(scope.size()) + " lines, seq " +
                             std::to_string(cursor) + ".." + std::to_string(seq) + ")\n");
        auto lines = f.lines("college", snapshot);
        CHECK(test::people_of(lines) == scope);
        for (const auto& line : lines) {
            CHECK(line["op"] == "create");
            CHECK(line["seq"] == seq);
            CHECK(is_code(line["activation_code"].get<std::string>()));
        }
        CHECK(f.records("feed.deliver").back().detail("kind") == "snapshot");
        CHECK(status_of(f, "college")["cursor"] == seq);
        CHECK(f.files("ecoles").size() == 1); // untouched
    }
    SUBCASE("refused while a batch waits for its delivery") {
        auto taken = f.dir / "taken";
        test::write_file(taken, "x");
        f.provider("college").outbox = taken.string();
        REQUIRE(f.run({"feed", "deliver", "--provider", "college"}).status == 74);
        auto run = f.run({"feed", "snapshot", "college"});
        CHECK(run.status == 78);
        CHECK(run.out.empty());
        CHECK(run.err ==
              "aafd: provider college has 1 undelivered batches: run `aafd feed deliver` first\n");
    }
    SUBCASE("an unknown provider") {
        auto run = f.run({"feed", "snapshot", "nope"});
        CHECK(run.status == 1);
        CHECK(run.err == "aafd: no [[provider]] named nope (configured: ecoles, college)\n");
    }
}

TEST_CASE("feed status: each provider's phase, last delivery, pending batches, last error, "
          "cursor and accounts, as status says them") {
    FeedCli f;
    f.import_demo();
    auto before = f.run({"feed", "status"});
    REQUIRE(before.status == 0);
    auto staging = [&](const std::string& p) { return (f.dir / "spool" / "feed" / p).string(); };
    CHECK(before.out == "provider ecoles: running, last delivery none, 0 pending batch(es)\n"
                        "  2 school(s), journal delivered up to 0, accounts held: none\n"
                        "  delivers to " +
                            f.outbox("ecoles").string() + " (staging " + staging("ecoles") +
                            ")\n"
                            "provider college: running, last delivery none, 0 pending batch(es)\n"
                            "  1 school(s), journal delivered up to 0, accounts held: none\n"
                            "  delivers to " +
                            f.outbox("college").string() + " (staging " + staging("college") +
                            ")\n");
    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    auto json = nlohmann::json::parse(f.run({"feed", "status", "--json"}).out);
    REQUIRE(json.size() == 2);
    auto end = journal_end(f);
    auto ecoles = f.expected_scope({test::k_ecoles_1, test::k_ecoles_2}).size();
    auto delivered_at = json[0]["last_delivery"].get<std::string>();
    CHECK(delivered_at.starts_with(to_iso(utc_date(std::chrono::system_clock::now()))));
    CHECK(json[0] == nlohmann::json{{"provider", "ecoles"},
                                    {"phase", "running"},
                                    {"last_delivery", delivered_at},
                                    {"pending_batches", 0},
                                    {"last_error", ""},
                                    {"schools", 2},
                                    {"cursor", end},
                                    {"accounts", {{"active", ecoles}}},
                                    {"outbox", f.outbox("ecoles").string()},
                                    {"push", ""},
                                    {"staging", staging("ecoles")}});
    CHECK(json[1]["accounts"] ==
          nlohmann::json{{"active", f.expected_scope({test::k_college}).size()}});

    // The daemon's open feed_failed alert is the provider's last error, in both commands.
    daemon::DaemonState state;
    state.open_alerts["feed_failed  college"] = {
        "feed_failed", "", "college", "outbox /x: Permission denied", "2026-11-24T02:00:00.000Z"};
    REQUIRE(daemon::save_state(daemon::state_file_for(f.store()), state));
    auto text = f.run({"feed", "status"});
    CHECK(text.out.starts_with("provider ecoles: running, last delivery " + delivered_at +
                               ", 0 pending batch(es)\n  2 school(s), journal delivered up to " +
                               std::to_string(end) + ", accounts held: " + std::to_string(ecoles) +
                               " active\n"));
    const std::string college = "provider college: running, last delivery " +
                                json[1]["last_delivery"].get<std::string>() +
                                ", 0 pending batch(es)\n  last error: outbox /x: Permission "
                                "denied (since 2026-11-24T02:00:00.000Z)\n";
    CHECK(text.out.find(college) != std::string::npos);
    CHECK(f.run({"status"}).out.find(college) != std::string::npos);
}
