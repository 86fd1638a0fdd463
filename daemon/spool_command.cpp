// `aafd spool list|accept|skip|refetch`: what waits in each source's spool, and the
// operator's ways out of a stuck one. `list` shows the sets in ready/ (with their gaps),
// the refusal the daemon remembers, the downloads in progress and past decisions.
// `accept SET` applies a set whatever its gaps, age or deletions (the operator has looked
// at it) and files it under applied/; `skip SET` sets its files aside under
// skipped/<date>/; both are recorded in the store (spool_decision) and in the audit trail
// with the actor. `refetch FILE` makes the fetch ledger forget a file, so that the next
// fetch downloads it again, audited too.
#include <set>

#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/daemon_export_source.hpp"
#include "daemon/daemon_state.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/import_report.hpp"
#include "daemon/spool_sets.hpp"
#include "sync/audit/actor.hpp"
#include "sync/fetch/fetch_ledger.hpp"
#include "sync/import/import_engine.hpp"
#include "sync/store/spool_decisions.hpp"
#include "util/date.hpp"

namespace aafd::cli {
namespace {

namespace fs = std::filesystem;

struct SpoolArguments {
    std::string set;  // accept, skip: the set's label, as `spool list` prints it
    std::string file; // refetch: the file's name
};

// The sources `spool list` shows: --source, else every configured one.
std::vector<std::string> listed_sources(CommandContext& context, const config::Config& config) {
    if (auto named = context.lookup_source(); !named.empty())
        return {named};
    std::vector<std::string> names;
    for (const auto& source : config.sources)
        names.push_back(source.name);
    return names;
}

// A file as ready/ holds it: its name, or archive/entry.
std::string in_ready(const sync::Spool& spool, const std::string& display_name) {
    auto prefix = spool.ready().string() + "/";
    return display_name.starts_with(prefix) ? display_name.substr(prefix.size()) : display_name;
}

void print_sets(std::ostream& out, const sync::Spool& spool, const daemon::SpoolSets& read) {
    for (const auto& set : read.sets) {
        out << "  set " << set.label() << ": " << set.files.size() << " file(s)";
        for (std::size_t i = 0; i < set.gaps.size(); ++i)
            out << (i == 0 ? ", incomplete: " : "; ") << set.gaps[i];
        out << "\n";
        for (const auto& file : set.files)
            out << "    " << in_ready(spool, file.display_name) << "\n";
    }
    for (const auto& name : read.inputs.skipped)
        out << "  not an export file: " << in_ready(spool, name) << "\n";
}

void print_partials(std::ostream& out, const sync::Spool& spool) {
    std::error_code ec;
    for (fs::directory_iterator it(spool.partial(), ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec))
            out << "  downloading: " << it->path().filename().string() << " (" << it->file_size(ec)
                << " bytes so far)\n";
}

void print_refusal(std::ostream& out, const std::string& source,
                   const daemon::SpoolRefusal& refusal) {
    out << "  refused by the daemon since " << refusal.since << ": " << refusal.reason << "\n"
        << "    left until these files change or you run: aafd spool accept|skip --source "
        << source << " \"" << (refusal.set.empty() ? "SET" : refusal.set) << "\"\n";
}

int list_source(CommandContext& context, const config::Config& config, const std::string& source,
                const daemon::DaemonState& state) {
    auto spool = daemon::source_spool(config, source);
    auto& out = context.out();
    auto read = daemon::read_spool_sets(spool, {config.import.max_expanded_bytes});
    out << source << ": " << (read ? read->entries.size() : spool.ready_files().size())
        << " file(s) in " << spool.ready().string() << "\n";
    if (read)
        print_sets(out, spool, *read);
    else
        out << "  cannot be read as sets: " << read.error().message << "\n";
    if (auto refusal = state.refusals.find(source); refusal != state.refusals.end())
        print_refusal(out, source, refusal->second);
    print_partials(out, spool);
    auto decisions = sync::SpoolDecisions::open(config.store_path.string());
    if (!decisions)
        return report_error(context, decisions.error());
    auto past = decisions->of_source(source);
    if (!past)
        return report_error(context, past.error());
    for (const auto& decision : *past)
        out << "  " << (decision.decision == "skip" ? "skipped " : "accepted ") << decision.set
            << " on " << decision.at << " by " << decision.actor << "\n";
    return k_exit_ok;
}

int spool_list(CommandContext& context) {
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    if (auto store = context.store(); !store) // migrates: the decisions' table exists
        return report_error(context, store.error());
    auto state = daemon::load_state(daemon::state_file_for((*cfg)->store_path));
    if (!state)
        return report_error(context, state.error());
    for (const auto& source : listed_sources(context, **cfg))
        if (int status = list_source(context, **cfg, source, *state); status != k_exit_ok)
            return status;
    return k_exit_ok;
}

// The set of ready/ labelled `label`, with the files that hold it.
struct ChosenSet {
    daemon::SpoolSets read;
    const sync::ExportSet* set = nullptr;
    std::vector<fs::path> entries;
};

Result<ChosenSet> choose_set(const config::Config& config, const sync::Spool& spool,
                             const std::string& source, const std::string& label) {
    auto read = daemon::read_spool_sets(spool, {config.import.max_expanded_bytes});
    if (!read)
        return std::unexpected(read.error());
    ChosenSet chosen{std::move(*read)};
    for (const auto& set : chosen.read.sets)
        if (set.label() == label)
            chosen.set = &set;
    if (!chosen.set)
        return fail(ErrorCode::NotFound, "no set \"" + label + "\" in the spool of " + source +
                                             " (" + spool.ready().string() +
                                             "): see aafd spool list");
    std::set<fs::path> files;
    for (const auto& file : chosen.set->files)
        files.insert(file.path);
    chosen.entries = daemon::entries_done(chosen.read.entries, chosen.read.inputs, files);
    if (chosen.entries.empty())
        return fail(ErrorCode::BadInput, "the files of set \"" + label +
                                             "\" also hold other sets (an archive?): move them "
                                             "by hand");
    return chosen;
}

std::string file_lines(const std::vector<fs::path>& entries) {
    std::string lines;
    for (const auto& entry : entries)
        lines += entry.filename().string() + "\n";
    return lines;
}

// Records the decision in the store and in the audit trail (action spool.<decision>).
Result<void> record_decision(CommandContext& context, const config::Config& config,
                             const std::string& source, const std::string& decision,
                             const ChosenSet& chosen) {
    auto files = file_lines(chosen.entries);
    if (auto recorded = context.record_audit({"spool." + decision,
                                              chosen.set->label(),
                                              "ok",
                                              {{"source", source}, {"files", files}}});
        !recorded)
        return recorded;
    auto decisions = sync::SpoolDecisions::open(config.store_path.string());
    if (!decisions)
        return std::unexpected(decisions.error());
    return decisions->record({source, chosen.set->label(), decision, files, sync::process_actor(),
                              to_iso_timestamp(context.now())});
}

sync::ImportOptions accept_options(const config::Config& config, const std::string& source) {
    sync::ImportOptions options;
    options.source = source;
    options.allow_incomplete = true; // the operator accepts the set as it is
    options.allow_mass_deletion = true;
    options.force = true;
    options.guard_min_count = config.import.guard_min_count;
    options.guard_max_percent = config.import.guard_max_percent;
    options.read.block_size = config.import.block_size;
    return options;
}

int spool_accept(CommandContext& context, const SpoolArguments& arguments) {
    auto cfg = context.config();
    auto source = context.import_source();
    if (!cfg || !source)
        return report_error(context, !cfg ? cfg.error() : source.error());
    auto store = context.store();
    if (!store)
        return report_error(context, store.error());
    auto spool = daemon::source_spool(**cfg, *source);
    auto chosen = choose_set(**cfg, spool, *source, arguments.set);
    if (!chosen)
        return report_error(context, chosen.error());
    sync::NoProgress progress;
    sync::ImportEngine engine(**store, accept_options(**cfg, *source), context.now(), progress);
    auto report = engine.run_sets({*chosen->set});
    for (const auto& set : report.sets)
        if (auto recorded = context.record_audit(set_event(*source, set, report.error)); !recorded)
            return report_error(context, recorded.error());
    print_import_report(context.out(), report);
    if (report.error)
        return report_error(context, *report.error);
    if (auto recorded = record_decision(context, **cfg, *source, "accept", *chosen); !recorded)
        return report_error(context, recorded.error());
    auto target = spool.applied_on(utc_date(context.now()));
    if (auto moved = daemon::move_entries(chosen->entries, target); !moved)
        return report_error(context, moved.error());
    context.out() << "accepted set " << arguments.set << " of " << *source << ": "
                  << chosen->entries.size() << " file(s) moved to " << target.string() << "\n";
    return k_exit_ok;
}

int spool_skip(CommandContext& context, const SpoolArguments& arguments) {
    auto cfg = context.config();
    auto source = context.import_source();
    if (!cfg || !source)
        return report_error(context, !cfg ? cfg.error() : source.error());
    if (auto store = context.store(); !store) // migrates: the decisions' table exists
        return report_error(context, store.error());
    auto spool = daemon::source_spool(**cfg, *source);
    auto chosen = choose_set(**cfg, spool, *source, arguments.set);
    if (!chosen)
        return report_error(context, chosen.error());
    if (auto recorded = record_decision(context, **cfg, *source, "skip", *chosen); !recorded)
        return report_error(context, recorded.error());
    auto target = spool.skipped_on(utc_date(context.now()));
    if (auto moved = daemon::move_entries(chosen->entries, target); !moved)
        return report_error(context, moved.error());
    context.out() << "skipped set " << arguments.set << " of " << *source << ": "
                  << chosen->entries.size() << " file(s) moved to " << target.string() << "\n";
    return k_exit_ok;
}

int spool_refetch(CommandContext& context, const SpoolArguments& arguments) {
    auto cfg = context.config();
    auto source = context.import_source();
    if (!cfg || !source)
        return report_error(context, !cfg ? cfg.error() : source.error());
    auto spool = daemon::source_spool(**cfg, *source);
    auto ledger = sync::FetchLedger::open(spool.ledger());
    if (!ledger)
        return report_error(context, ledger.error());
    if (!ledger->find(arguments.file))
        return report_error(context, Error{ErrorCode::NotFound,
                                           arguments.file + " is not in the fetch ledger of " +
                                               *source + " (" + spool.ledger().string() + ")"});
    if (auto recorded =
            context.record_audit({"spool.refetch", arguments.file, "ok", {{"source", *source}}});
        !recorded)
        return report_error(context, recorded.error());
    if (auto forgotten = ledger->forget(arguments.file); !forgotten)
        return report_error(context, forgotten.error());
    std::error_code ec;
    bool removed = fs::remove(spool.ready() / arguments.file, ec);
    context.out() << arguments.file << ": forgotten by the fetch ledger of " << *source
                  << (removed ? ", removed from ready/" : "")
                  << "; the next fetch downloads it again\n";
    return k_exit_ok;
}

} // namespace

void add_spool_commands(CommandLine& line) {
    auto& a = line.keep<SpoolArguments>();
    auto* spool = line.app().add_subcommand(
        "spool", "what waits in the spool; accept, skip or fetch again what is stuck");
    spool->require_subcommand(1);
    auto* list = spool->add_subcommand("list", "the sets waiting in each source's spool");
    auto* accept = spool->add_subcommand(
        "accept", "apply a waiting set as it is (gaps, age, deletions) and file it away");
    auto* skip = spool->add_subcommand("skip", "set a waiting set aside under skipped/<date>/");
    auto* refetch =
        spool->add_subcommand("refetch", "forget a file in the fetch ledger: fetched again");
    for (auto* command : {list, accept, skip, refetch})
        line.add_common(*command);
    for (auto* command : {accept, skip})
        command
            ->add_option("set", a.set, "the set, as spool list names it: \"2D Complet 2025-09-07\"")
            ->required();
    refetch->add_option("file", a.file, "the file's name")->required();
    line.on_parsed(*list, [](CommandContext& c) { return spool_list(c); });
    line.on_parsed(*accept, [&a](CommandContext& c) { return spool_accept(c, a); });
    line.on_parsed(*skip, [&a](CommandContext& c) { return spool_skip(c, a); });
    line.on_parsed(*refetch, [&a](CommandContext& c) { return spool_refetch(c, a); });
}

} // namespace aafd::cli
