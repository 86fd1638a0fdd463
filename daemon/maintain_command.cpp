// `aafd maintain [--dry-run]`: disappeared past the grace period -> deleted, then the
// RGPD purge of people deleted past [accounts] purge_deleted_days (not in a dry run). The
// deletions are recorded in the audit trail after the commit and before the report
// is printed; when the record fails the command exits 74 without the report.
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/person_purge.hpp"
#include "sync/import/maintenance.hpp"

namespace aafd::cli {

int maintain_command(CommandContext& context, bool dry_run) {
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    auto store = context.store();
    if (!store)
        return report_error(context, store.error());
    sync::MaintenanceOptions options{(*cfg)->import.grace_days, dry_run};
    auto report = sync::run_maintenance(**store, options, context.now());
    if (!report)
        return report_error(context, report.error());
    std::uint64_t total = 0;
    sync::AuditEvent event{
        dry_run ? "maintain.dry_run" : "maintain.delete",
        (*cfg)->store_path.string(),
        "ok",
        {{"cutoff", report->cutoff}, {"grace_days", std::to_string(options.grace_days)}}};
    for (const auto& [category, count] : report->deleted) {
        total += count;
        event.details.emplace_back(std::string(category_name(category)), std::to_string(count));
    }
    if (auto recorded = context.record_audit(event); !recorded)
        return report_error(context, recorded.error());
    context.out() << (dry_run ? "dry run: would delete " : "deleted ") << total
                  << " object(s) disappeared before " << report->cutoff << " (grace period "
                  << options.grace_days << " days)\n";
    for (const auto& [category, count] : report->deleted)
        context.out() << "  " << category_name(category) << ": " << count << "\n";
    if (dry_run)
        return k_exit_ok;
    auto accounts = context.accounts();
    auto audit = accounts ? context.audit() : std::unexpected(accounts.error());
    auto purged = audit ? daemon::purge_people(**cfg, **accounts, **audit, context.now())
                        : std::unexpected(audit.error());
    if (!purged)
        return report_error(context, purged.error());
    context.out() << "purged " << *purged << " person(s) deleted more than "
                  << (*cfg)->accounts.purge_deleted_days << " days ago\n";
    return k_exit_ok;
}

} // namespace aafd::cli
