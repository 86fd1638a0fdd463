// `aafd status [--json]`: what the store holds.
#include <nlohmann/json.hpp>

#include "daemon/commands.hpp"
#include "daemon/daemon_state.hpp"
#include "daemon/exit_codes.hpp"

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

// The daemon's last cycle and next run, from its state file (null when it never ran).
nlohmann::ordered_json daemon_json(const std::filesystem::path& store_path) {
    auto state = daemon::load_state(daemon::state_file_for(store_path));
    if (!state || (!state->last_cycle && state->next_run.empty()))
        return nullptr;
    return nlohmann::ordered_json::parse(daemon::state_to_json(*state, -1));
}

void print_daemon(std::ostream& out, const nlohmann::ordered_json& json) {
    if (json.is_null()) {
        out << "daemon: never ran on this store\n";
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
    const auto& store_path = (*context.config())->store_path;
    auto document = status_json(store_path.string(), *counts, *sets);
    document["daemon"] = daemon_json(store_path);
    if (json) {
        context.out() << document.dump(2) << "\n";
    } else {
        print_text(context.out(), document);
        print_daemon(context.out(), document["daemon"]);
    }
    return k_exit_ok;
}

} // namespace aafd::cli
