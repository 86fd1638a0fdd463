// `aafd import [--dry-run] [--allow-…] [--force] PATH...`
// Audit: the engine commits each set in its own transaction and records every set
// (applied, dry run, already applied, failed) in the audit trail, an applied one before
// its commit: a record that cannot be written stops the import before that set is
// applied (sets applied before it stay) and the command exits 74.
// SIGINT or SIGTERM stops the import at the next block: the set being read is rolled
// back, audited as failed, and the command exits 128 + the signal (a second one kills).
#include "daemon/audit_anchor.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/import_report.hpp"
#include "daemon/progress_display.hpp"
#include "daemon/set_audit.hpp"
#include "daemon/stop_signals.hpp"
#include "sync/core/change_set.hpp"
#include "sync/import/import_engine.hpp"
#include "util/logger.hpp"

namespace aafd::cli {

int report_error(CommandContext& context, const Error& error) {
    context.err() << "aafd: " << error.message << "\n";
    return exit_code_for(error.code);
}

int import_command(CommandContext& context, const ImportArguments& arguments) {
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    auto source = context.import_source();
    if (!source)
        return report_error(context, source.error());
    auto store = context.store();
    if (!store)
        return report_error(context, store.error());
    auto audit = context.audit();
    if (!audit)
        return report_error(context, audit.error());
    SetAudit recorder(**audit, *source);
    sync::ImportOptions options;
    options.source = *source;
    options.dry_run = arguments.dry_run;
    options.allow_incomplete = arguments.allow_incomplete;
    options.allow_mass_deletion = arguments.allow_mass_deletion;
    options.force = arguments.force;
    options.guard_min_count = (*cfg)->import.guard_min_count;
    options.guard_max_percent = (*cfg)->import.guard_max_percent;
    options.read.block_size = (*cfg)->import.block_size;
    options.max_future_days = (*cfg)->import.max_future_days;
    options.archives.max_expanded_bytes = (*cfg)->import.max_expanded_bytes;
    options.recorder = &recorder;
    StopSignals stop;
    options.stop = &stop.requested();
    ProgressDisplay progress(ProgressDisplay::detect_mode(), context.err());
    sync::ImportEngine engine(**store, options, context.now(), progress);
    std::vector<std::filesystem::path> paths(arguments.paths.begin(), arguments.paths.end());
    module_logger("cli")->info("import source={} paths={} dry_run={}", options.source, paths.size(),
                               options.dry_run);
    auto report = engine.run(paths);
    if (auto anchored =
            anchor_applied_sets((*cfg)->store_path, (*cfg)->audit.dir, report.sets, context.now());
        !anchored)
        return report_error(context, anchored.error());
    print_import_report(context.out(), report);
    if (!report.error)
        return k_exit_ok;
    int status = report_error(context, *report.error);
    bool stopped = report.error->code == ErrorCode::Interrupted && stop.signal() != 0;
    return stopped ? 128 + stop.signal() : status;
}

} // namespace aafd::cli
