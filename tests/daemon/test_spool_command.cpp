// Specification, at the command line, of a stuck spool and the way out of it: a set
// applied by hand is not refused again by the daemon; a set refused for a lasting reason is
// not retried every cycle; `aafd spool list|accept|skip|refetch` (daemon/spool_command.cpp)
// show it, apply it, set it aside or fetch a file again, recorded in the store and audited
// with the actor; `aafd status` shows it per source.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "sync/audit/actor.hpp"
#include "sync/audit/audit_log.hpp"
#include "sync/store/sqlite.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/daemon/cli_sets.hpp"
#include "tests/sync/sshd_fixture.hpp"
#include "tests/test_support.hpp"
#include "util/date.hpp"

using namespace aafd;
namespace fs = std::filesystem;

namespace {

const std::string k_set = "2D Complet 2020-01-01"; // write_pupil_set's
const std::string k_pupils = "ENT2DVA-ENT16_Complet_20200101_Eleve_0001.xml";

struct SpoolFixture {
    test::TempDir dir;
    fs::path config = dir / "aafd.toml";
    fs::path incoming = dir / "incoming";
    fs::path ready = dir / "spool" / "demo" / "ready";

    // One local source, demo, whose exchange folder holds an incomplete set (its pupils'
    // chunk 0000 is missing), and one provider.
    SpoolFixture() {
        test::write_pupil_set(incoming, "0001");
        test::write_file(config, "[store]\npath = \"" + (dir / "aafd.db").string() +
                                     "\"\n[spool]\npath = \"" + (dir / "spool").string() +
                                     "\"\n[audit]\ndir = \"" + (dir / "audit").string() +
                                     "\"\n[[source]]\nname = \"demo\"\nlocal_dir = \"" +
                                     incoming.string() +
                                     "\"\n[[provider]]\nname = \"ent\"\nschools = "
                                     "[\"0000000V\"]\noutbox = \"" +
                                     (dir / "outbox").string() + "\"\n");
    }
    test::CliRun run(std::vector<std::string> args) const {
        args.insert(args.end(), {"--config", config.string(), "--log-level", "warn"});
        return test::run_cli(args);
    }
    std::vector<sync::AuditRecord> records(const std::string& action) const {
        auto all = sync::read_audit_records(dir / "audit", std::nullopt, std::nullopt);
        REQUIRE(all);
        std::vector<sync::AuditRecord> kept;
        for (auto& record : *all)
            if (record.action == action)
                kept.push_back(std::move(record));
        return kept;
    }
    // "decision set actor" of each row of the store's spool_decision table, by SQL.
    std::vector<std::string> decisions() const {
        auto db = sync::Database::open((dir / "aafd.db").string(), sync::OpenMode::ReadOnly);
        REQUIRE(db);
        auto query = db->prepare("SELECT decision, set_label, actor, files FROM spool_decision");
        REQUIRE(query);
        std::vector<std::string> rows;
        REQUIRE(query->for_each_row([&] {
            rows.push_back(query->column_text(0) + " " + query->column_text(1) + " " +
                           query->column_text(2) + " " + query->column_text(3));
        }));
        return rows;
    }
    std::string today() const { return to_iso(utc_date(std::chrono::system_clock::now())); }
};

} // namespace

TEST_CASE("a set applied by hand with --allow-incomplete is already applied for the daemon, "
          "not refused as incomplete") {
    SpoolFixture f;
    auto imported = f.run({"import", "--allow-incomplete", f.incoming.string()});
    INFO(imported.err);
    REQUIRE(imported.status == 0);
    auto cycle = f.run({"run", "--once"});
    INFO(cycle.err);
    CHECK(cycle.status == 0);
    CHECK(fs::is_empty(f.ready));
    CHECK(fs::exists(f.dir / "spool" / "demo" / "applied" / f.today() / k_pupils));
    auto applied = f.records("set.apply");
    REQUIRE(applied.size() == 2);
    CHECK(applied[1].outcome == "already_applied");
}

TEST_CASE("a set refused for a lasting reason is left for an operator, who lists it, then "
          "skips or accepts it") {
    SpoolFixture f;
    auto first = f.run({"run", "--once"});
    CHECK(first.status == 12); // incomplete
    auto second = f.run({"run", "--once"});
    CHECK(second.status == 0);                 // held back, not failed again
    CHECK(f.records("set.apply").size() == 1); // and not imported again
    CHECK(fs::exists(f.ready / k_pupils));

    auto list = f.run({"spool", "list"});
    INFO(list.err);
    REQUIRE(list.status == 0);
    CHECK(list.out.starts_with("demo: 2 file(s) in " + f.ready.string() + "\n  set " + k_set +
                               ": 2 file(s), incomplete: ENT2DVA-ENT16 Eleve: chunk 0000 missing\n"
                               "    ENT2DVA-ENT16_Complet_20200101_EtabEducNat_0000.xml\n"
                               "    " +
                               k_pupils + "\n  refused by the daemon since "));
    CHECK(list.out.find("set " + k_set + " is incomplete") != std::string::npos);
    CHECK(list.out.find("aafd spool accept|skip --source demo \"" + k_set + "\"\n") !=
          std::string::npos);

    auto status = f.run({"status", "--json"});
    REQUIRE(status.status == 0);
    auto json = nlohmann::json::parse(status.out);
    REQUIRE(json["sources"].size() == 1);
    CHECK(json["sources"][0]["waiting"].size() == 2);
    CHECK(json["sources"][0]["refused"]["set"] == k_set);
    CHECK(json["sources"][0]["last_set"].is_null());
    auto text = f.run({"status"});
    CHECK(text.out.find("source demo: last set none, 2 file(s) waiting\n") != std::string::npos);
    CHECK(text.out.find("  refused since ") != std::string::npos);

    std::string files = k_pupils + "\nENT2DVA-ENT16_Complet_20200101_EtabEducNat_0000.xml\n";
    SUBCASE("skip: the files set aside, the decision recorded and audited") {
        auto skip = f.run({"spool", "skip", k_set});
        INFO(skip.err);
        REQUIRE(skip.status == 0);
        auto skipped = f.dir / "spool" / "demo" / "skipped" / f.today();
        CHECK(skip.out ==
              "skipped set " + k_set + " of demo: 2 file(s) moved to " + skipped.string() + "\n");
        CHECK(fs::exists(skipped / k_pupils));
        CHECK(fs::is_empty(f.ready));
        CHECK(f.decisions() == std::vector<std::string>{"skip " + k_set + " " +
                                                        sync::process_actor() + " " + files});
        auto audited = f.records("spool.skip");
        REQUIRE(audited.size() == 1);
        CHECK(audited[0].object == k_set);
        CHECK(audited[0].actor == sync::process_actor());
        CHECK(f.run({"run", "--once"}).status == 0); // nothing left to refuse
        CHECK(f.run({"spool", "list"}).out.find("  skipped " + k_set + " on ") !=
              std::string::npos);
    }
    SUBCASE("accept: the set applied as it is, filed away, recorded and audited") {
        auto accept = f.run({"spool", "accept", k_set});
        INFO(accept.err);
        REQUIRE(accept.status == 0);
        CHECK(accept.out.find("set " + k_set + ": applied as set #1") != std::string::npos);
        CHECK(fs::exists(f.dir / "spool" / "demo" / "applied" / f.today() / k_pupils));
        CHECK(f.decisions() == std::vector<std::string>{"accept " + k_set + " " +
                                                        sync::process_actor() + " " + files});
        CHECK(f.records("spool.accept").size() == 1);
        auto after = nlohmann::json::parse(f.run({"status", "--json"}).out);
        CHECK(after["sources"][0]["last_set"]["incomplete"] == true);
        CHECK(after["sources"][0]["waiting"].empty());
    }
    SUBCASE("an unknown set is refused, naming the spool") {
        auto unknown = f.run({"spool", "skip", "2D Delta 2020-01-02"});
        CHECK(unknown.status != 0);
        CHECK(unknown.err == "aafd: no set \"2D Delta 2020-01-02\" in the spool of demo (" +
                                 f.ready.string() + "): see aafd spool list\n");
    }
}

TEST_CASE("a refused set is tried again once its files change: the missing chunk arrives") {
    SpoolFixture f;
    CHECK(f.run({"run", "--once"}).status == 12);
    test::write_pupil_set(f.incoming, "0000"); // the missing chunk
    auto cycle = f.run({"run", "--once"});
    INFO(cycle.err);
    CHECK(cycle.status == 0);
    CHECK(fs::is_empty(f.ready));
}

TEST_CASE("aafd spool refetch: the ledger forgets the file, the next fetch takes it again") {
    test::SshdFixture sshd;
    test::TempDir dir;
    auto config = dir / "aafd.toml";
    test::write_file(config, "[spool]\npath = \"" + (dir / "spool").string() +
                                 "\"\n[audit]\ndir = \"" + (dir / "audit").string() +
                                 "\"\n[[source]]\nname = \"poitiers\"\nhost = \"127.0.0.1\"\n"
                                 "port = " +
                                 std::to_string(sshd.port()) + "\nuser = \"" + sshd.user() +
                                 "\"\nkey = \"" + sshd.client_key().string() +
                                 "\"\nknown_hosts = \"" + sshd.known_hosts().string() +
                                 "\"\nremote_dir = \"" + sshd.served().string() + "\"\n");
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--config", config.string(), "--log-level", "error"});
        return test::run_cli(args);
    };
    sshd.serve("ENT2D.a.xml", "<a/>");
    REQUIRE(run({"fetch"}).status == 0);
    CHECK(run({"fetch"}).out.find("fetched 0 file(s)") != std::string::npos);

    auto refetch = run({"spool", "refetch", "ENT2D.a.xml"});
    INFO(refetch.err);
    REQUIRE(refetch.status == 0);
    CHECK(refetch.out == "ENT2D.a.xml: forgotten by the fetch ledger of poitiers, removed from "
                         "ready/; the next fetch downloads it again\n");
    auto again = run({"fetch"});
    CHECK(again.out.find("fetched 1 file(s)") != std::string::npos);
    auto all = sync::read_audit_records(dir / "audit", std::nullopt, std::nullopt);
    REQUIRE(all);
    CHECK(std::count_if(all->begin(), all->end(),
                        [](const auto& r) { return r.action == "spool.refetch"; }) == 1);
    CHECK(run({"spool", "refetch", "ENT2D.b.xml"}).status != 0);
}
