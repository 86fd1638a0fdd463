// `aafd run [--run-now] [--once]`: the daemon, on the configuration of the command line.
#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/daemon_loop.hpp"
#include "daemon/exit_codes.hpp"
#include "sync/audit/audit_log.hpp"

namespace aafd::cli {
namespace {

// The level --log-level forced, if any: the running level when the file says another.
std::string level_override(const config::Config& started) {
    if (started.file.empty())
        return "";
    auto on_disk = config::load_config(started.file);
    if (on_disk && on_disk->logging.level == started.logging.level)
        return "";
    return started.logging.level;
}

// Re-reads the file the daemon started with, keeping the command line's overrides.
daemon::ConfigLoader reloader(const config::Config& started, const std::string& log_level) {
    return [file = started.file, store = started.store_path,
            log_level]() -> Result<config::Config> {
        if (file.empty())
            return fail(ErrorCode::Config, "no configuration file to re-read (built-in defaults)");
        auto loaded = config::load_config(file);
        if (!loaded)
            return loaded;
        loaded->store_path = store;
        if (!log_level.empty())
            loaded->logging.level = log_level;
        return loaded;
    };
}

int run_command(CommandContext& context, const daemon::DaemonOptions& options) {
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    // The daemon's own work is the scheduler's, whoever started the process.
    sync::AuditLog audit({.dir = (*cfg)->audit.dir, .actor = "scheduler"});
    auto exports = daemon::make_production_source(context.fetch_timing());
    daemon::Daemon daemon(**cfg, reloader(**cfg, level_override(**cfg)), options, *exports, audit);
    auto ran = daemon.run();
    if (!ran)
        return report_error(context, ran.error());
    return k_exit_ok;
}

} // namespace

void add_run_commands(CommandLine& line) {
    auto& options = line.keep<daemon::DaemonOptions>();
    auto* command = line.app().add_subcommand("run", "run as a daemon: fetch, import, maintain "
                                                     "on the [schedule]");
    line.add_common(*command);
    command->add_flag("--run-now", options.run_now, "run a cycle at start, then the schedule");
    command->add_flag("--once", options.once,
                      "run one cycle and exit with its outcome (no schedule)");
    line.on_parsed(*command, [&options, command](CommandContext& c) {
        if (command->get_option("--source")->count() > 0) // one daemon serves every source
            return report_error(c, Error{ErrorCode::Config,
                                         "aafd run serves every [[source]] of the configuration: "
                                         "--source is not taken (run one daemon per configuration "
                                         "file to separate académies)"});
        return run_command(c, options);
    });
}

} // namespace aafd::cli
