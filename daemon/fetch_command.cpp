// `aafd fetch [--source NAME]`: pulls the new, stable export files of one source (or
// of every configured source) over SFTP into the spool, each access recorded in the
// audit trail, and prints what was fetched, what waits, what was refused. A source with
// `local_dir` has no exchange account: it is named and passed over.
// Exit status: 0 when every source was fetched (refused files are printed, not
// fatal); else the status of the first error — 78 for a refused host key, a refused
// or group-readable client key; 74 when the server cannot be reached or a transfer
// breaks off (the next run resumes it).
#include <algorithm>
#include <cstdio>

#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/daemon_export_source.hpp"
#include "daemon/exit_codes.hpp"
#include "sync/fetch/fetcher.hpp"

namespace aafd::cli {
namespace {

// A remote name as it can be printed on one line: control bytes as \xNN.
std::string printable(const std::string& name) {
    std::string shown;
    for (char c : name) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
            shown += escaped;
        } else {
            shown += c;
        }
    }
    return shown;
}

void print_report(std::ostream& out, const std::string& source, const sync::FetchReport& report) {
    out << source << ": fetched " << report.fetched.size() << " file(s), " << report.bytes
        << " bytes";
    if (report.resumed_bytes > 0)
        out << " (+" << report.resumed_bytes << " resumed from .part)";
    out << ", into " << report.ready_dir.string() << "\n";
    for (const auto& name : report.fetched) {
        bool resent =
            std::find(report.resent.begin(), report.resent.end(), name) != report.resent.end();
        out << "  fetched  " << printable(name)
            << (resent ? " (re-sent: fetched before with another size or date)" : "") << "\n";
    }
    for (const auto& name : report.waiting)
        out << "  waiting  " << printable(name) << " (modified within the settle time)\n";
    for (std::size_t i = 0; i < report.refused.size(); ++i)
        out << "  refused  " << printable(report.refused[i]) << ": "
            << (i < report.reasons.size() ? report.reasons[i] : "") << "\n";
}

std::vector<const config::Source*> selected_sources(const config::Config& config,
                                                    const std::string& name) {
    std::vector<const config::Source*> sources;
    for (const auto& source : config.sources)
        if (name.empty() || source.name == name)
            sources.push_back(&source);
    return sources;
}

int fetch_command(CommandContext& context, const std::string& source_name) {
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    auto sources = selected_sources(**cfg, source_name);
    if (sources.empty())
        return report_error(context,
                            Error{ErrorCode::Config,
                                  source_name.empty()
                                      ? "no [[source]] is configured: nothing to fetch"
                                      : "no [[source]] named '" + source_name + "' to fetch from"});
    auto audit = context.audit();
    if (!audit)
        return report_error(context, audit.error());
    int status = k_exit_ok;
    for (const auto* source : sources) {
        if (!source->local_dir.empty()) { // no SFTP account: the daemon copies from the folder
            context.out() << source->name << ": a local folder (" << source->local_dir.string()
                          << "), nothing to fetch over SFTP\n";
            continue;
        }
        auto options = daemon::fetch_options(**cfg, *source, context.fetch_timing());
        auto report = sync::fetch_source(options, **audit, context.now());
        if (report) {
            print_report(context.out(), source->name, *report);
            continue;
        }
        int code = report_error(context, report.error());
        if (status == k_exit_ok)
            status = code;
    }
    return status;
}

} // namespace

void add_fetch_commands(CommandLine& line) {
    auto* command = line.app().add_subcommand(
        "fetch", "pull new export files over SFTP into the spool (every source, or --source)");
    line.add_common(*command);
    line.on_parsed(*command, [command](CommandContext& context) {
        return fetch_command(context, command->get_option("--source")->as<std::string>());
    });
}

} // namespace aafd::cli
