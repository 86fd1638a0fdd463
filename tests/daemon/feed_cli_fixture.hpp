// The feed commands' test bed: a temp folder with a configuration file of [[provider]]
// blocks (rewritten before every run, so a test can change a convention between runs),
// a store the demo académie (fixtures/demo/20250907-Complet) is imported into, outboxes
// and an audit trail; and readers for what the providers received.
#pragma once

#include <algorithm>
#include <fstream>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "sync/audit/audit_log.hpp"
#include "sync/store/sqlite.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/test_support.hpp"
#include "util/date.hpp"

namespace aafd::test {

// The demo académie's schools: two 1D schools, a 2D collège.
inline constexpr const char* k_ecoles_1 = "0860101T";
inline constexpr const char* k_ecoles_2 = "0860102U";
inline constexpr const char* k_college = "0860105X";

struct ProviderBlock {
    std::string name;
    std::vector<std::string> schools;
    std::string extra;  // more TOML lines: start, end, retention_days, fields, format…
    std::string outbox; // empty: <dir>/outbox/<name>
};

// An ISO date `days` away from today (UTC), for convention dates.
inline std::string iso_day(int days) {
    return to_iso(Date{std::chrono::sys_days{utc_date(std::chrono::system_clock::now())} +
                       std::chrono::days(days)});
}

class FeedCli {
public:
    TempDir dir;
    std::vector<ProviderBlock> providers = {{"ecoles", {k_ecoles_1, k_ecoles_2}},
                                            {"college", {k_college}}};

    std::filesystem::path config_file() const { return dir / "aafd.toml"; }
    std::filesystem::path store() const { return dir / "aafd.db"; }
    std::filesystem::path audit() const { return dir / "audit"; }
    std::filesystem::path outbox(const std::string& provider) const {
        for (const auto& p : providers)
            if (p.name == provider && !p.outbox.empty())
                return p.outbox;
        return dir / "outbox" / provider;
    }
    ProviderBlock& provider(const std::string& name) {
        auto found = std::find_if(providers.begin(), providers.end(),
                                  [&](const auto& p) { return p.name == name; });
        REQUIRE(found != providers.end());
        return *found;
    }

    // Writes the configuration and returns `ARGS --config FILE --log-level warn`.
    std::vector<std::string> args_for(std::vector<std::string> args) const {
        write_config();
        args.insert(args.end(), {"--config", config_file().string(), "--log-level", "warn"});
        return args;
    }
    // Runs `aafd` with args_for(ARGS).
    CliRun run(std::vector<std::string> args) const { return run_cli(args_for(std::move(args))); }
    void import_demo() const {
        auto run = this->run(
            {"import", "--source", "demo", source_path("fixtures/demo/20250907-Complet").string()});
        INFO(run.err);
        REQUIRE(run.status == 0);
    }

    // The batch and snapshot files in a provider's outbox, by name.
    std::vector<std::string> files(const std::string& provider) const {
        std::vector<std::string> names;
        std::error_code ec;
        for (std::filesystem::directory_iterator it(outbox(provider), ec), end; !ec && it != end;
             it.increment(ec))
            names.push_back(it->path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
    // The lines of a JSON Lines file of a provider's outbox.
    std::vector<nlohmann::json> lines(const std::string& provider, const std::string& file) const {
        std::ifstream in(outbox(provider) / file);
        REQUIRE(in);
        std::vector<nlohmann::json> parsed;
        for (std::string line; std::getline(in, line);)
            parsed.push_back(nlohmann::json::parse(line));
        return parsed;
    }
    std::vector<sync::AuditRecord> records(const std::string& action) const {
        auto all = sync::read_audit_records(audit(), std::nullopt, std::nullopt);
        REQUIRE(all);
        std::vector<sync::AuditRecord> kept;
        for (auto& record : *all)
            if (record.action == action)
                kept.push_back(std::move(record));
        return kept;
    }

    // "Category id" of everyone a provider may receive, read from the store's tables by
    // SQL (not through aafd's scope code): the people attached to the schools, and the
    // legal representatives of their pupils; deleted people excluded.
    std::set<std::string> expected_scope(const std::vector<std::string>& uais) const {
        std::string in;
        for (const auto& uai : uais)
            in += (in.empty() ? "'" : ",'") + uai + "'";
        auto db = sync::Database::open(store().string(), sync::OpenMode::ReadOnly);
        REQUIRE(db);
        auto query = db->prepare(
            "WITH school AS (SELECT id, flow FROM object WHERE category = 'EtabEducNat' AND uai "
            "IN (" +
            in +
            ")),"
            " attached AS (SELECT o.rowid, o.flow, o.category, o.id FROM reference r"
            "  JOIN object o ON o.rowid = r.object JOIN school s ON s.id = r.target AND"
            "  s.flow = o.flow WHERE r.kind = 'structure' AND o.state != 'deleted' AND"
            "  o.category IN ('Eleve', 'PersEducNat')),"
            " legal AS (SELECT o.category, o.id FROM reference r JOIN attached a ON"
            "  a.rowid = r.object AND a.category = 'Eleve' JOIN object o ON o.category ="
            "  'PersRelEleve' AND o.id = r.target AND o.flow = a.flow WHERE r.kind = 'relative'"
            "  AND r.detail = '1' AND o.state != 'deleted')"
            " SELECT category || ' ' || id FROM attached UNION SELECT category || ' ' || id"
            " FROM legal");
        REQUIRE(query);
        std::set<std::string> people;
        REQUIRE(query->for_each_row([&] { people.insert(query->column_text(0)); }));
        return people;
    }

private:
    void write_config() const {
        std::string toml = "[store]\npath = \"" + store().string() + "\"\n[spool]\npath = \"" +
                           (dir / "spool").string() + "\"\n[audit]\ndir = \"" + audit().string() +
                           "\"\n";
        for (const auto& p : providers) {
            std::string schools;
            for (const auto& uai : p.schools)
                schools += (schools.empty() ? "\"" : ", \"") + uai + "\"";
            toml += "\n[[provider]]\nname = \"" + p.name + "\"\nschools = [" + schools +
                    "]\noutbox = \"" + outbox(p.name).string() + "\"\n" + p.extra;
        }
        write_file(config_file(), toml);
    }
};

// "Category id" of each line.
inline std::set<std::string> people_of(const std::vector<nlohmann::json>& lines) {
    std::set<std::string> people;
    for (const auto& line : lines)
        people.insert(line["category"].get<std::string>() + " " + line["id"].get<std::string>());
    return people;
}

} // namespace aafd::test
