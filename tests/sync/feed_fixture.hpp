// A small académie for the account and feed tests: two schools (UAI 0000001A and
// 0000002B) with pupils, their relatives and a teacher each, imported into a real
// SQLite store by the import engine; a SqliteAccountStore on the same file; two providers,
// one per school, with a staging folder and an outbox in the temp dir.
#pragma once

#include <chrono>
#include <fstream>
#include <sstream>

#include "sync/feed/builder.hpp"
#include "sync/feed/delivery.hpp"
#include "sync/feed/provisioning.hpp"
#include "sync/import/import_engine.hpp"
#include "sync/store/sqlite_account_store.hpp"
#include "sync/store/sqlite_store.hpp"
#include "tests/sync/export_writer.hpp"
#include "tests/sync/import_options.hpp"

namespace aafd::test {

using namespace std::chrono;

inline TestRecord school(const std::string& id, const std::string& uai) {
    return {id,
            {{"ENTStructureUAI", {uai}},
             {"ENTStructureNomCourant", {"ECOLE " + id}},
             {"ENTStructureClasses", {"6A$6EME A"}}}};
}

// A 2D pupil of `structure`, class 6A, with one legal representative `relative`.
inline TestRecord pupil(const std::string& id, const std::string& last, const std::string& first,
                        const std::string& structure, const std::string& relative) {
    return {id,
            {{"sn", {last}},
             {"givenName", {first}},
             {"ENTPersonDateNaissance", {"01/02/2012"}},
             {"ENTPersonStructRattach", {structure}},
             {"ENTEleveClasses", {structure + "$6A"}},
             {"ENTElevePersRelEleve", {relative + "$10$1$1$1$1"}}}};
}

inline TestRecord relative(const std::string& id, const std::string& last,
                           const std::string& first) {
    return {id, {{"sn", {last}}, {"givenName", {first}}}};
}

inline TestRecord teacher(const std::string& id, const std::string& last, const std::string& first,
                          const std::string& structure) {
    return {id,
            {{"sn", {last}},
             {"givenName", {first}},
             {"ENTPersonStructRattach", {structure}},
             {"ENTPersonFonctions", {structure + "$ENS$ENSEIGNEMENT$L0201"}}}};
}

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct FeedFixture {
    TempDir dir;
    std::unique_ptr<sync::Store> store;
    std::unique_ptr<sync::AccountStore> accounts;
    sync::NoProgress progress;
    int imports = 0;

    FeedFixture() {
        auto opened = sync::open_sqlite_store((dir / "store.db").string());
        REQUIRE(opened);
        store = std::move(*opened);
        auto account_store = sync::SqliteAccountStore::open((dir / "store.db").string());
        REQUIRE(account_store);
        accounts = std::move(*account_store);
    }

    // Imports one set of the given kind ("Complet" or "Delta") on `date` (YYYYMMDD).
    void import(const std::string& kind, const std::string& date,
                const std::vector<std::pair<Category, std::vector<TestRecord>>>& files) {
        auto folder = dir / ("set" + std::to_string(++imports));
        std::filesystem::create_directories(folder);
        for (const auto& [category, records] : files)
            write_export(folder, "ENT2DVA-ENT86", kind, date, category, records);
        sync::ImportOptions options = test::import_options("test");
        auto day = parse_compact_date(date);
        REQUIRE(day);
        sync::ImportEngine engine(*store, options, sys_days{*day} + hours{2}, progress);
        auto report = engine.run({folder});
        INFO((report.error ? report.error->message : ""));
        REQUIRE_FALSE(report.error);
    }

    // The first school year: school 1 (0000001A) and school 2 (0000002B).
    void import_year() {
        import("Complet", "20250907",
               {{Category::Structure,
                 { school("S1", "0000001A"),
                   school("S2", "0000002B") }},
                {Category::Pupil,
                 { pupil("P1", "MARTIN", "Marie", "S1", "R1"),
                   pupil("P2", "D'ALMEIDA-NUÑEZ", "Éloïse", "S1", "R2"),
                   pupil("P3", "MARTIN", "Marie", "S2", "R3") }},
                {Category::Relative,
                 { relative("R1", "MARTIN", "Paul"),
                   relative("R2", "NUÑEZ", "Ana"),
                   relative("R3", "MARTIN", "Luc") }},
                { Category::Staff,
                  { teacher("T1", "DUPONT", "Jean", "S1"),
                    teacher("T2", "DURAND", "Anne", "S2") } }});
    }

    sync::ProvisioningReport provision(const std::string& now = "2025-09-07T03:00:00Z") {
        // The shipped [accounts] login_pattern, login_max_length and code_length.
        auto rule = sync::make_login_rule("{first}.{last}", 32);
        REQUIRE(rule);
        auto codes = sync::ActivationCodeGenerator::create(8);
        REQUIRE(codes);
        auto report = sync::provision_accounts(*accounts, *rule, *codes, now);
        REQUIRE(report);
        return *report;
    }

    sync::FeedProvider provider(const std::string& name, const std::string& uai) {
        sync::FeedProvider p;
        p.name = name;
        p.schools = {uai};
        p.format = sync::FeedFormat::JsonLines; // the shipped format and batch size
        p.batch_max_lines = 50000;              //   (config::Provider)
        p.fields = {sync::FeedField::Login,   sync::FeedField::Names,   sync::FeedField::Profiles,
                    sync::FeedField::Schools, sync::FeedField::Classes, sync::FeedField::Links};
        p.profiles = {{{"Eleve", "National_ELV"}, {"PersRelEleve", "National_TUT"}},
                      {{"ENS", "National_ENS"}},
                      "National_ETA",
                      "National_ENS",
                      "National_DIR"};
        p.staging = dir / "staging" / name;
        return p;
    }

    sync::FeedDestination outbox(const std::string& name) {
        return {dir / "outbox" / name, std::nullopt};
    }

    sync::BuildReport build(const sync::FeedProvider& p,
                            sync::BuildMode mode = sync::BuildMode::Changes) {
        auto report = sync::build_feed(*accounts, p, mode, "2025-09-08T03:00:00Z");
        INFO((report ? "" : report.error().message));
        REQUIRE(report);
        return *report;
    }

    std::vector<sync::FeedBatch> deliver(const std::string& name) {
        auto delivered = sync::deliver_pending(
            *accounts, name, outbox(name),
            [](const sync::FeedBatch&) -> Result<void> { return {}; }, "2025-09-08T03:00:01Z");
        INFO((delivered ? "" : delivered.error().message));
        REQUIRE(delivered);
        return *delivered;
    }

    std::string login(const std::string& id, Category category) {
        auto found = accounts->objects_with_id("test", category, id);
        REQUIRE(found);
        REQUIRE(found->size() == 1);
        auto account = accounts->account(found->front().rowid);
        REQUIRE(account);
        return *account ? (*account)->login : "";
    }
};

// "op id" for each line of a JSON Lines batch, in order: what a provider was told.
inline std::vector<std::string> ops_of(const std::string& jsonl) {
    std::vector<std::string> ops;
    std::istringstream lines(jsonl);
    for (std::string line; std::getline(lines, line);) {
        auto field = [&](const std::string& name) {
            auto at = line.find("\"" + name + "\":\"");
            if (at == std::string::npos)
                return std::string{};
            at += name.size() + 4;
            return line.substr(at, line.find('"', at) - at);
        };
        auto reason = field("reason");
        ops.push_back(field("op") + " " + field("id") + (reason.empty() ? "" : " " + reason));
    }
    return ops;
}

} // namespace aafd::test
