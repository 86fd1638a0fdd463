// `aafd feed deliver [--provider NAME]`, `aafd feed snapshot PROVIDER`,
// `aafd feed status [--json]` and `aafd feed reconcile PROVIDER [--dry-run]` (an SDET
// directory's drift repaired): the providers' feeds by hand (the daemon delivers after
// each import). Every batch is recorded in the audit trail before it leaves.
#include <nlohmann/json.hpp>

#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/feed_run.hpp"
#include "daemon/feed_settings.hpp"
#include "daemon/ldap_delivery.hpp"
#include "sync/fetch/spool.hpp"

namespace aafd::cli {
namespace {

struct FeedArguments {
    std::string provider;
    bool json = false;
    bool dry_run = false;
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
    auto cfg = context.config();
    auto provider =
        cfg ? daemon::find_provider(**cfg, arguments.provider) : std::unexpected(cfg.error());
    auto store = provider ? context.accounts() : std::unexpected(provider.error());
    auto audit = store ? context.audit() : std::unexpected(store.error());
    if (!audit)
        return report_error(context, audit.error());
    auto feed = daemon::feed_provider(**cfg, **provider);
    if (!feed)
        return report_error(context, feed.error());
    if (auto accounts = daemon::provision(**cfg, **store, **audit, context.now()); !accounts)
        return report_error(context, accounts.error());
    auto built = sync::build_feed(**store, *feed, sync::BuildMode::Snapshot,
                                  to_iso_timestamp(context.now()));
    if (!built)
        return report_error(context, built.error());
    auto delivered = daemon::deliver(**provider, **store, **audit, context.now());
    if (!delivered)
        return report_error(context, delivered.error());
    context.out() << arguments.provider << ": snapshot of " << built->lines << " accounts\n";
    print_delivered(context, *delivered);
    return k_exit_ok;
}

int reconcile_command(CommandContext& context, const FeedArguments& arguments) {
    auto cfg = context.config();
    auto provider =
        cfg ? daemon::find_provider(**cfg, arguments.provider) : std::unexpected(cfg.error());
    auto store = provider ? context.accounts() : std::unexpected(provider.error());
    auto audit = store ? context.audit() : std::unexpected(store.error());
    if (!audit)
        return report_error(context, audit.error());
    auto mode = arguments.dry_run ? sync::ReconcileMode::DryRun : sync::ReconcileMode::Repair;
    auto fixes = daemon::reconcile_ldap(**cfg, **provider, **store, **audit, mode, context.now());
    if (!fixes)
        return report_error(context, fixes.error());
    for (const auto& fix : *fixes)
        context.out() << "  " << sync::describe(fix) << "\n";
    context.out() << arguments.provider << ": " << fixes->size()
                  << (arguments.dry_run ? " fixes needed (dry run)\n" : " fixes made\n");
    return k_exit_ok;
}

Result<nlohmann::ordered_json> provider_status(const config::Config& config,
                                               const config::Provider& provider,
                                               sync::AccountStore& store,
                                               std::chrono::system_clock::time_point now) {
    auto cursor = store.cursor(provider.name);
    auto closed = cursor ? store.closed_at(provider.name) : std::unexpected(cursor.error());
    auto pending = closed ? store.pending_batches(provider.name) : std::unexpected(closed.error());
    auto members = pending ? store.members(provider.name) : std::unexpected(pending.error());
    if (!members)
        return std::unexpected(members.error());
    std::map<std::string, std::uint64_t> held;
    for (const auto& [object, state] : *members)
        ++held[std::string(sync::member_state_name(state))];
    auto phase = sync::convention_phase(provider.start, provider.end, provider.retention_days,
                                        utc_date(now), closed->has_value());
    return nlohmann::ordered_json{
        {"provider", provider.name},
        {"phase", sync::convention_phase_name(phase)},
        {"schools", provider.schools.size()},
        {"cursor", *cursor},
        {"pending_batches", pending->size()},
        {"accounts", held},
        {"outbox", provider.outbox.string()},
        {"push", provider.push ? provider.push->host : ""},
        {"staging", sync::feed_staging_dir(config.spool_path, provider.name).string()}};
}

int status_feed_command(CommandContext& context, const FeedArguments& arguments) {
    auto cfg = context.config();
    auto store = cfg ? context.accounts(true) : std::unexpected(cfg.error());
    if (!store)
        return report_error(context, store.error());
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& provider : (*cfg)->providers) {
        auto status = provider_status(**cfg, provider, **store, context.now());
        if (!status)
            return report_error(context, status.error());
        all.push_back(*status);
    }
    if (arguments.json) {
        context.out() << all.dump(2) << "\n";
        return k_exit_ok;
    }
    for (const auto& s : all)
        context.out() << s["provider"].get<std::string>() << ": " << s["phase"].get<std::string>()
                      << ", cursor " << s["cursor"].dump() << ", " << s["pending_batches"].dump()
                      << " pending batches, accounts " << s["accounts"].dump() << "\n";
    return k_exit_ok;
}

} // namespace

void add_feed_commands(CommandLine& line) {
    auto& a = line.keep<FeedArguments>();
    auto* feed = line.app().add_subcommand("feed", "build and deliver the providers' feeds");
    feed->require_subcommand(1);
    auto* deliver = feed->add_subcommand("deliver", "provision accounts, build and deliver");
    auto* snapshot = feed->add_subcommand("snapshot", "deliver every account of a provider");
    auto* status = feed->add_subcommand("status", "each provider's cursor and pending batches");
    auto* reconcile =
        feed->add_subcommand("reconcile", "repair a directory's drift from a provider's scope");
    for (auto* command : {deliver, snapshot, status, reconcile})
        line.add_common(*command);
    deliver->add_option("--provider", a.provider, "only this [[provider]]");
    snapshot->add_option("provider", a.provider, "the [[provider]]")->required();
    status->add_flag("--json", a.json, "print JSON");
    reconcile->add_option("provider", a.provider, "the [[provider]] (format ldap)")->required();
    reconcile->add_flag("--dry-run", a.dry_run, "list the fixes, make none");
    line.on_parsed(*deliver, [&a](CommandContext& c) { return deliver_command(c, a); });
    line.on_parsed(*snapshot, [&a](CommandContext& c) { return snapshot_command(c, a); });
    line.on_parsed(*status, [&a](CommandContext& c) { return status_feed_command(c, a); });
    line.on_parsed(*reconcile, [&a](CommandContext& c) { return reconcile_command(c, a); });
}

} // namespace aafd::cli
