// The daemon's state file (JSON) and the Prometheus textfile, both written atomically.
#include "daemon/daemon_state.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "util/file.hpp"

namespace aafd::daemon {
namespace {

using Json = nlohmann::ordered_json;

Json cycle_json(const CycleRecord& cycle) {
    return {{"started", cycle.started},
            {"finished", cycle.finished},
            {"outcome", cycle.outcome},
            {"message", cycle.message},
            {"sets_applied", cycle.sets_applied},
            {"records_applied", cycle.records_applied},
            {"bytes_fetched", cycle.bytes_fetched}};
}

CycleRecord cycle_from(const Json& json) {
    CycleRecord cycle;
    cycle.started = json.value("started", "");
    cycle.finished = json.value("finished", "");
    cycle.outcome = json.value("outcome", "");
    cycle.message = json.value("message", "");
    cycle.sets_applied = json.value("sets_applied", std::uint64_t{0});
    cycle.records_applied = json.value("records_applied", std::uint64_t{0});
    cycle.bytes_fetched = json.value("bytes_fetched", std::uint64_t{0});
    return cycle;
}

DaemonState state_from(const Json& json) {
    DaemonState state;
    if (json.contains("last_cycle") && json["last_cycle"].is_object())
        state.last_cycle = cycle_from(json["last_cycle"]);
    state.next_run = json.value("next_run", "");
    state.consecutive_failures = json.value("consecutive_failures", 0u);
    state.last_success_unix = json.value("last_success_unix", std::int64_t{0});
    state.cycles_total = json.value("cycles_total", std::uint64_t{0});
    state.failures_total = json.value("failures_total", std::uint64_t{0});
    state.records_applied_total = json.value("records_applied_total", std::uint64_t{0});
    state.bytes_fetched_total = json.value("bytes_fetched_total", std::uint64_t{0});
    if (json.contains("sources") && json["sources"].is_object())
        for (const auto& [name, source] : json["sources"].items())
            state.sources[name] = {source.value("last_arrival", ""),
                                   source.value("late_alerted", "")};
    if (json.contains("open_alerts") && json["open_alerts"].is_object())
        for (const auto& [cause, open] : json["open_alerts"].items())
            state.open_alerts[cause] = {open.value("kind", ""), open.value("source", ""),
                                        open.value("provider", ""), open.value("message", ""),
                                        open.value("since", "")};
    if (json.contains("refusals") && json["refusals"].is_object())
        for (const auto& [source, refusal] : json["refusals"].items())
            state.refusals[source] = {refusal.value("fingerprint", ""), refusal.value("set", ""),
                                      refusal.value("kind", ""), refusal.value("reason", ""),
                                      refusal.value("since", "")};
    return state;
}

void metric(std::ostringstream& out, const char* name, const char* type, const char* help,
            std::uint64_t value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n"
        << name << " " << value << "\n";
}

} // namespace

std::filesystem::path state_file_for(const std::filesystem::path& store_path) {
    return store_path.parent_path() / (store_path.stem().string() + ".state.json");
}

std::string state_to_json(const DaemonState& state, int indent) {
    Json json;
    json["last_cycle"] = state.last_cycle ? cycle_json(*state.last_cycle) : Json(nullptr);
    json["next_run"] = state.next_run;
    json["consecutive_failures"] = state.consecutive_failures;
    json["last_success_unix"] = state.last_success_unix;
    json["cycles_total"] = state.cycles_total;
    json["failures_total"] = state.failures_total;
    json["records_applied_total"] = state.records_applied_total;
    json["bytes_fetched_total"] = state.bytes_fetched_total;
    json["sources"] = Json::object();
    for (const auto& [name, source] : state.sources)
        json["sources"][name] = {{"last_arrival", source.last_arrival},
                                 {"late_alerted", source.late_alerted}};
    json["open_alerts"] = Json::object();
    for (const auto& [cause, open] : state.open_alerts)
        json["open_alerts"][cause] = {{"kind", open.kind},
                                      {"source", open.source},
                                      {"provider", open.provider},
                                      {"message", open.message},
                                      {"since", open.since}};
    json["refusals"] = Json::object();
    for (const auto& [source, refusal] : state.refusals)
        json["refusals"][source] = {{"fingerprint", refusal.fingerprint},
                                    {"set", refusal.set},
                                    {"kind", refusal.kind},
                                    {"reason", refusal.reason},
                                    {"since", refusal.since}};
    return json.dump(indent);
}

Result<DaemonState> load_state(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        int error = errno;
        std::error_code ec;
        if (!std::filesystem::exists(path, ec) && !ec)
            return DaemonState{};
        return fail(ErrorCode::Io, "cannot read the daemon's state file " + path.string() + ": " +
                                       std::strerror(error ? error : EACCES));
    }
    std::stringstream text;
    text << in.rdbuf();
    auto json = Json::parse(text.str(), nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return fail(ErrorCode::BadInput, path.string() + ": not a daemon state file (bad JSON)");
    try {
        return state_from(json);
    } catch (const Json::exception& error) {
        return fail(ErrorCode::BadInput, path.string() + ": " + error.what());
    }
}

Result<void> save_state(const std::filesystem::path& path, const DaemonState& state) {
    // Readable by all: `aafd status` run by another user than the daemon's (no personal
    // data: ids, file names and counts).
    return write_file_atomically(path, state_to_json(state) + "\n", 0644);
}

std::string render_metrics(const DaemonState& state) {
    std::ostringstream out;
    metric(out, "aafd_cycles_total", "counter", "Cycles run (fetch, import, maintenance).",
           state.cycles_total);
    metric(out, "aafd_cycle_failures_total", "counter", "Cycles that failed.",
           state.failures_total);
    metric(out, "aafd_records_applied_total", "counter", "Records of applied sets.",
           state.records_applied_total);
    metric(out, "aafd_bytes_fetched_total", "counter", "Bytes fetched from the sources.",
           state.bytes_fetched_total);
    metric(out, "aafd_last_success_timestamp_seconds", "gauge",
           "When the last successful cycle ended (Unix time; 0: never).",
           static_cast<std::uint64_t>(state.last_success_unix));
    metric(out, "aafd_consecutive_failures", "gauge", "Failed cycles since the last success.",
           state.consecutive_failures);
    return out.str();
}

} // namespace aafd::daemon
