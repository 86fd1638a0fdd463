// `aafd status [--json]`: what the store holds, the daemon's last cycle, per source its
// last set, the files waiting in its spool and the set the daemon refused, and per
// provider its phase, last delivery, pending batches and open error.
#include <nlohmann/json.hpp>

#include "daemon/commands.hpp"
#include "daemon/daemon_export_source.hpp"
#include "daemon/daemon_state.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/provider_status.hpp"
#include "util/date.hpp"

namespace aafd::cli {
namespace {

nlohmann::ordered_json state_counts(const std::map<sync::State, std::uint64_t>& counts) {
    nlohmann::ordered_json json;
    for (auto state : {sync::State::Active, sync::State::Disappeared, sync::State::Deleted}) {
        auto it = counts.find(state);
        json[std::string(sync::state_name(state))] = it == counts.end() ? 0 : it->second;
    }
    return json;
}

nlohmann::ordered_json set_json(const sync::AppliedSet& set) {
    const auto& c = set.counts;
    return {{"id", set.id},
            {"source", set.source},
            {"flow", flow_name(set.flow)},
            {"kind", set_kind_name(set.kind)},
            {"date", to_iso(set.date)},
            {"applied_at", set.applied_at},
            {"forced", set.forced},
            {"incomplete", set.incomplete},
            {"records", c.records},
            {"created", c.created},
            {"updated", c.updated},
            {"unchanged", c.unchanged},
            {"restored", c.restored},
            {"disappeared", c.disappeared},
            {"warnings", c.warnings},
            {"duration_ms", set.duration_ms}};
}

nlohmann::ordered_json status_json(const std::string& path, const sync::StateCounts& counts,
                                   const std::vector<sync::AppliedSet>& sets) {
    nlohmann::ordered_json json;
    json["store"] = path;
    nlohmann::ordered_json persons = nlohmann::ordered_json::object();
    for (auto category : k_all_categories) {
        auto it = counts.find(category);
        auto by_state =
            state_counts(it == counts.end() ? std::map<sync::State, std::uint64_t>{} : it->second);
        if (is_person(category))
            persons[std::string(category_name(category))] = by_state;
        else if (category == Category::Structure)
            json["structures"] = by_state;
        else
            json[category == Category::Subject ? "subjects" : "mefs"] = by_state;
    }
    json["persons"] = persons;
    json["sets"] = nlohmann::ordered_json::array();
    for (const auto& set : sets)
        json["sets"].push_back(set_json(set));
    return json;
}

void print_text(std::ostream& out, const nlohmann::ordered_json& json) {
    out << "store: " << json["store"].get<std::string>() << "\n";
    out << "objects            active disappeared   deleted\n";
    auto line = [&](const std::string& name, const nlohmann::ordered_json& c) {
        char buffer[128];
        std::snprintf(buffer, sizeof buffer, "  %-14s %8llu %11llu %9llu\n", name.c_str(),
                      c["active"].get<unsigned long long>(),
                      c["disappeared"].get<unsigned long long>(),
                      c["deleted"].get<unsigned long long>());
        out << buffer;
    };
    line("EtabEducNat", json["structures"]);
    line("MatEducNat", json["subjects"]);
    line("MefEducNat", json["mefs"]);
    for (const auto& [name, counts] : json["persons"].items())
        line(name, counts);
    out << "applied sets (newest first):\n";
    if (json["sets"].empty())
        out << "  none\n";
    for (const auto& set : json["sets"])
        out << "  #" << set["id"].get<std::int64_t>() << " " << set["source"].get<std::string>()
            << " " << set["flow"].get<std::string>() << " " << set["kind"].get<std::string>() << " "
            << set["date"].get<std::string>() << " applied " << set["applied_at"].get<std::string>()
            << ": " << set["records"].get<std::uint64_t>() << " records, "
            << set["created"].get<std::uint64_t>() << " created, "
            << set["updated"].get<std::uint64_t>() << " updated, "
            << set["disappeared"].get<std::uint64_t>() << " disappeared\n";
}

// The daemon's last cycle and next run, from its state file (null when it never ran;
// {"error": …} when the file cannot be read).
nlohmann::ordered_json daemon_json(const Result<daemon::DaemonState>& state) {
    if (!state)
        return {{"error", state.error().message}};
    if (!state->last_cycle && state->next_run.empty())
        return nullptr;
    auto json = nlohmann::ordered_json::parse(daemon::state_to_json(*state, -1));
    json.erase("refusals"); // shown per source
    return json;
}

void print_daemon(std::ostream& out, const nlohmann::ordered_json& json) {
    if (json.is_null()) {
        out << "daemon: never ran on this store\n";
        return;
    }
    if (json.contains("error")) {
        out << "daemon: unknown: " << json["error"].get<std::string>() << "\n";
        return;
    }
    const auto& cycle = json["last_cycle"];
    if (cycle.is_null()) {
        out << "last cycle: none\n";
    } else {
        out << "last cycle: " << cycle["finished"].get<std::string>() << " "
            << cycle["outcome"].get<std::string>() << ", "
            << cycle["sets_applied"].get<std::uint64_t>() << " set(s) applied";
        if (!cycle["message"].get<std::string>().empty())
            out << ": " << cycle["message"].get<std::string>();
        out << "\n";
    }
    out << "next run: " << json["next_run"].get<std::string>() << "\n";
    for (const auto& [cause, open] : json["open_alerts"].items()) {
        auto at_fault = open["source"].get<std::string>() + open["provider"].get<std::string>();
        out << "open alert: " << open["kind"].get<std::string>()
            << (at_fault.empty() ? "" : " " + at_fault) << " since "
            << open["since"].get<std::string>() << ": " << open["message"].get<std::string>()
            << "\n";
    }
}

// The source's newest applied set, of any flow and kind.
Result<std::optional<sync::AppliedSet>> last_set_of(sync::Store& store, const std::string& source) {
    std::optional<sync::AppliedSet> newest;
    for (auto flow : {Flow::First, Flow::Second})
        for (auto kind : {SetKind::Full, SetKind::Delta}) {
            auto last = store.last_set(source, flow, kind);
            if (!last)
                return std::unexpected(last.error());
            if (*last && (!newest || (*last)->id > newest->id))
                newest = std::move(*last);
        }
    return newest;
}

Result<nlohmann::ordered_json> source_json(sync::Store& store, const config::Config& config,
                                           const std::string& source,
                                           const Result<daemon::DaemonState>& state) {
    auto last = last_set_of(store, source);
    if (!last)
        return std::unexpected(last.error());
    nlohmann::ordered_json waiting = nlohmann::ordered_json::array();
    for (const auto& file : daemon::source_spool(config, source).ready_files())
        waiting.push_back(file.filename().string());
    nlohmann::ordered_json refused = nullptr;
    if (state)
        if (auto found = state->refusals.find(source); found != state->refusals.end())
            refused = {{"set", found->second.set},
                       {"reason", found->second.reason},
                       {"since", found->second.since}};
    return nlohmann::ordered_json{{"source", source},
                                  {"last_set", *last ? set_json(**last) : nullptr},
                                  {"waiting", waiting},
                                  {"refused", refused}};
}

void print_sources(std::ostream& out, const nlohmann::ordered_json& sources) {
    for (const auto& source : sources) {
        out << "source " << source["source"].get<std::string>() << ": last set ";
        const auto& last = source["last_set"];
        if (last.is_null())
            out << "none";
        else
            out << last["flow"].get<std::string>() << " " << last["kind"].get<std::string>() << " "
                << last["date"].get<std::string>() << " applied "
                << last["applied_at"].get<std::string>();
        out << ", " << source["waiting"].size() << " file(s) waiting\n";
        for (const auto& name : source["waiting"])
            out << "  waiting  " << name.get<std::string>() << "\n";
        if (const auto& refused = source["refused"]; !refused.is_null())
            out << "  refused since " << refused["since"].get<std::string>() << ": "
                << refused["reason"].get<std::string>() << " (see aafd spool list)\n";
    }
}

// Per source and per provider, as `status` shows them.
Result<void> add_sources_and_providers(CommandContext& context, sync::Store& store,
                                       const config::Config& config,
                                       const Result<daemon::DaemonState>& state,
                                       nlohmann::ordered_json& document) {
    document["sources"] = nlohmann::ordered_json::array();
    for (const auto& source : config.sources) {
        auto json = source_json(store, config, source.name, state);
        if (!json)
            return std::unexpected(json.error());
        document["sources"].push_back(*json);
    }
    document["providers"] = nlohmann::ordered_json::array();
    if (config.providers.empty())
        return {};
    auto accounts = context.accounts(true);
    if (!accounts)
        return std::unexpected(accounts.error());
    for (const auto& provider : config.providers) {
        auto json = provider_status(**accounts, provider, state, context.now());
        if (!json)
            return std::unexpected(json.error());
        document["providers"].push_back(*json);
    }
    return {};
}

} // namespace

int status_command(CommandContext& context, bool json) {
    auto store = context.store(true);
    if (!store)
        return report_error(context, store.error());
    auto counts = (*store)->count_objects();
    if (!counts)
        return report_error(context, counts.error());
    auto sets = (*store)->list_sets(20);
    if (!sets)
        return report_error(context, sets.error());
    const auto& config = **context.config();
    auto document = status_json(config.store_path.string(), *counts, *sets);
    auto state = daemon::load_state(daemon::state_file_for(config.store_path));
    document["daemon"] = daemon_json(state);
    if (auto added = add_sources_and_providers(context, **store, config, state, document); !added)
        return report_error(context, added.error());
    if (json) {
        context.out() << document.dump(2) << "\n";
    } else {
        print_text(context.out(), document);
        print_daemon(context.out(), document["daemon"]);
        print_sources(context.out(), document["sources"]);
        for (const auto& provider : document["providers"])
            print_provider_status(context.out(), provider);
    }
    return k_exit_ok;
}

} // namespace aafd::cli
