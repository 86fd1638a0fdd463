// `aafd feed deliver [--provider NAME]`, `aafd feed snapshot PROVIDER`,
// `aafd feed preview PROVIDER [--lines N]` (the next batch, nothing written),
// `aafd feed status [--json]` and `aafd feed reconcile PROVIDER [--dry-run]` (an SDET
// directory's drift repaired): the providers' feeds by hand (the daemon delivers after
// each import). Every batch is recorded in the audit trail before it leaves.
#include <nlohmann/json.hpp>

#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/daemon_state.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/feed_preview.hpp"
#include "daemon/feed_run.hpp"
#include "daemon/feed_settings.hpp"
#include "daemon/ldap_delivery.hpp"
#include "daemon/provider_status.hpp"
#include "sync/fetch/spool.hpp"

namespace aafd::cli {
namespace {

struct FeedArguments {
    std::string provider;
    bool json = false;
    bool dry_run = false;
    std::size_t lines = 10; // feed preview: the first lines shown
};

void print_delivered(CommandContext& context, const std::vector<sync::FeedBatch>& batches) {
    for (const auto& batch : batches)
        context.out() << "  delivered " << std::filesystem::path(batch.file).filename().string()
                      << " (" << batch.lines << " lines, seq " << batch.first_seq << ".."
                      << batch.last_seq << ")\n";
}

int deliver_command(CommandContext& context, const FeedArguments& arguments) {
    auto cfg = context.config();
    auto store = cfg ? context.accounts() : std::unexpected(cfg.error());
    auto audit = store ? context.audit() : std::unexpected(store.error());
    if (!audit)
        return report_error(context, audit.error());
    auto report = daemon::run_feeds(**cfg, **store, **audit, context.now(), arguments.provider);
    if (!report)
        return report_error(context, report.error());
    context.out() << "accounts created: " << report->accounts.created << "\n";
    int status = k_exit_ok;
    for (const auto& outcome : report->providers) {
        context.out() << outcome.provider << ": " << sync::convention_phase_name(outcome.phase)
                      << ", " << outcome.lines_built << " lines built, " << outcome.delivered.size()
                      << " batches delivered\n";
        print_delivered(context, outcome.delivered);
        if (outcome.error && status == k_exit_ok) {
            context.err() << "aafd: " << outcome.error->message << "\n";
            status = exit_code_for(outcome.error->code);
        }
    }
    return status;
}

int snapshot_command(CommandContext& context, const FeedArguments& arguments) {
    auto on = context.for_provider(arguments.provider);
    if (!on)
        return report_error(context, on.error());
    auto feed = daemon::feed_provider(on->config, on->provider);
    if (!feed)
        return report_error(context, feed.error());
    if (auto accounts = daemon::provision(on->config, on->accounts, on->audit, context.now());
        !accounts)
        return report_error(context, accounts.error());
    auto built = sync::build_feed(on->accounts, *feed, sync::BuildMode::Snapshot,
                                  to_iso_timestamp(context.now()));
    if (!built)
        return report_error(context, built.error());
    auto delivered = daemon::deliver(on->provider, on->accounts, on->audit, context.now());
    if (!delivered)
        return report_error(context, delivered.error());
    context.out() << arguments.provider << ": snapshot of " << built->lines << " accounts\n";
    print_delivered(context, *delivered);
    return k_exit_ok;
}

int reconcile_command(CommandContext& context, const FeedArguments& arguments) {
    auto on = context.for_provider(arguments.provider);
    if (!on)
        return report_error(context, on.error());
    auto mode = arguments.dry_run ? sync::ReconcileMode::DryRun : sync::ReconcileMode::Repair;
    auto fixes = daemon::reconcile_ldap(on->config, on->provider, on->accounts, on->audit, mode,
                                        context.now());
    if (!fixes)
        return report_error(context, fixes.error());
    for (const auto& fix : *fixes)
        context.out() << "  " << sync::describe(fix) << "\n";
    context.out() << arguments.provider << ": " << fixes->size()
                  << (arguments.dry_run ? " fixes needed (dry run)\n" : " fixes made\n");
    return k_exit_ok;
}

void print_operations(CommandContext& context, const sync::FeedPreview& preview) {
    context.out() << "  lines: " << preview.lines;
    const char* separator = " (";
    for (auto op : {sync::FeedOp::Create, sync::FeedOp::Update, sync::FeedOp::Deactivate,
                    sync::FeedOp::Delete}) {
        auto found = preview.operations.find(op);
        context.out() << separator << sync::feed_op_name(op) << " "
                      << (found == preview.operations.end() ? 0 : found->second);
        separator = ", ";
    }
    context.out() << ")\n";
}

void print_preview(CommandContext& context, const config::Provider& provider,
                   const daemon::FeedPreviewReport& report) {
    const auto& p = report.preview;
    context.out() << provider.name << ": " << sync::convention_phase_name(report.phase) << ", "
                  << report.pending_batches << " batches built and not yet delivered\n";
    if (!report.builds) {
        context.out() << "  the convention's phase builds no batch\n";
        return;
    }
    context.out() << "  next batch (" << provider.format << (report.final_batch ? ", final" : "")
                  << "): journal " << p.from << ".." << p.upto << "\n";
    if (report.accounts_to_provision > 0)
        context.out() << "  " << report.accounts_to_provision
                      << " accounts would be provisioned first (in the whole store)\n";
    print_operations(context, p);
    if (p.lines == 0) {
        context.out() << "  nothing to deliver\n";
        return;
    }
    if (provider.format == "aaf" || provider.format == "be1d") {
        context.out() << "  delivery: one " << provider.format << " set folder, the whole scope: "
                      << (report.final_batch ? 0 : p.people_in_scope) << " people in "
                      << p.schools_in_scope << " schools\n";
        return;
    }
    context.out() << "first " << p.first.size() << " of " << p.lines
                  << " lines (activation codes hidden):\n"
                  << report.first_lines;
}

int preview_command(CommandContext& context, const FeedArguments& arguments) {
    auto on = context.for_provider(arguments.provider);
    if (!on)
        return report_error(context, on.error());
    auto report = daemon::preview_next_batch(on->config, on->provider, on->accounts, context.now(),
                                             arguments.lines);
    if (!report)
        return report_error(context, report.error());
    if (auto recorded =
            on->audit.record({"feed.preview",
                              arguments.provider,
                              "ok",
                              {{"lines", std::to_string(report->preview.lines)},
                               {"shown", std::to_string(report->preview.first.size())}}});
        !recorded)
        return report_error(context, recorded.error());
    print_preview(context, on->provider, *report);
    return k_exit_ok;
}

// `status`'s view of the provider (daemon/provider_status.hpp), with what feed status adds.
Result<nlohmann::ordered_json> feed_status(const config::Config& config,
                                           const config::Provider& provider,
                                           sync::AccountStore& store,
                                           const Result<daemon::DaemonState>& state,
                                           std::chrono::system_clock::time_point now) {
    auto status = provider_status(store, provider, state, now);
    auto cursor = status ? store.cursor(provider.name) : std::unexpected(status.error());
    auto members = cursor ? store.members(provider.name) : std::unexpected(cursor.error());
    if (!members)
        return std::unexpected(members.error());
    std::map<std::string, std::uint64_t> held;
    for (const auto& [object, member] : *members)
        ++held[std::string(sync::member_state_name(member))];
    auto& json = *status;
    json["schools"] = provider.schools.size();
    json["cursor"] = *cursor;
    json["accounts"] = held;
    json["outbox"] = provider.outbox.string();
    json["push"] = provider.push ? provider.push->host : "";
    json["staging"] = sync::feed_staging_dir(config.spool_path, provider.name).string();
    return status;
}

void print_feed_status(std::ostream& out, const nlohmann::ordered_json& status) {
    print_provider_status(out, status);
    out << "  " << status["schools"].get<std::size_t>() << " school(s), journal delivered up to "
        << status["cursor"].get<std::int64_t>() << ", accounts held:";
    if (status["accounts"].empty())
        out << " none";
    const char* separator = " ";
    for (const auto& [state, count] : status["accounts"].items()) {
        out << separator << count.get<std::uint64_t>() << " " << state;
        separator = ", ";
    }
    out << "\n  delivers to";
    for (const char* key : {"outbox", "push"})
        if (auto to = status[key].get<std::string>(); !to.empty())
            out << " " << to;
    out << " (staging " << status["staging"].get<std::string>() << ")\n";
}

int status_feed_command(CommandContext& context, const FeedArguments& arguments) {
    auto cfg = context.config();
    auto store = cfg ? context.accounts(true) : std::unexpected(cfg.error());
    if (!store)
        return report_error(context, store.error());
    auto state = daemon::load_state(daemon::state_file_for((*cfg)->store_path));
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& provider : (*cfg)->providers) {
        auto status = feed_status(**cfg, provider, **store, state, context.now());
        if (!status)
            return report_error(context, status.error());
        all.push_back(*status);
    }
    if (arguments.json)
        context.out() << all.dump(2) << "\n";
    else
        for (const auto& status : all)
            print_feed_status(context.out(), status);
    return k_exit_ok;
}

} // namespace

void add_feed_commands(CommandLine& line) {
    auto& a = line.keep<FeedArguments>();
    auto* feed = line.app().add_subcommand("feed", "build and deliver the providers' feeds");
    feed->require_subcommand(1);
    auto* deliver = feed->add_subcommand("deliver", "provision accounts, build and deliver");
    auto* snapshot = feed->add_subcommand("snapshot", "deliver every account of a provider");
    auto* preview =
        feed->add_subcommand("preview", "what a provider's next batch would hold, writing nothing");
    auto* status = feed->add_subcommand(
        "status", "each provider's phase, last delivery, pending batches and last error");
    auto* reconcile =
        feed->add_subcommand("reconcile", "repair a directory's drift from a provider's scope");
    for (auto* command : {deliver, snapshot, preview, status, reconcile})
        line.add_common(*command);
    deliver->add_option("--provider", a.provider, "only this [[provider]]");
    snapshot->add_option("provider", a.provider, "the [[provider]]")->required();
    preview->add_option("provider", a.provider, "the [[provider]]")->required();
    preview->add_option("--lines", a.lines, "how many of its first lines to show")
        ->capture_default_str();
    status->add_flag("--json", a.json, "print JSON");
    reconcile->add_option("provider", a.provider, "the [[provider]] (format ldap)")->required();
    reconcile->add_flag("--dry-run", a.dry_run, "list the fixes, make none");
    line.on_parsed(*deliver, [&a](CommandContext& c) { return deliver_command(c, a); });
    line.on_parsed(*snapshot, [&a](CommandContext& c) { return snapshot_command(c, a); });
    line.on_parsed(*preview, [&a](CommandContext& c) { return preview_command(c, a); });
    line.on_parsed(*status, [&a](CommandContext& c) { return status_feed_command(c, a); });
    line.on_parsed(*reconcile, [&a](CommandContext& c) { return reconcile_command(c, a); });
}

} // namespace aafd::cli
