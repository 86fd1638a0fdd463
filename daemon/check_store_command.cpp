// `aafd check-store`: runs the store's consistency check (sync/store/store_check.hpp) and
// prints what it counted and every finding, one per line. Exit 0 when consistent,
// 13 (k_exit_inconsistent) when it found something, the error's status when the check
// could not run (missing store 66, locked or unreadable 75/74).
#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "sync/store/store_check.hpp"

namespace aafd::cli {
namespace {

void print_report(std::ostream& out, const std::string& path,
                  const sync::StoreCheckReport& report) {
    const auto& c = report.counts;
    out << "store " << path << ": " << c.objects << " objects, " << c.references << " references, "
        << c.journal_entries << " journal entries, " << c.sets << " applied sets\n";
    for (const auto& finding : report.findings)
        out << finding.text() << "\n";
    if (report.clean()) {
        out << "consistent\n";
        return;
    }
    out << report.finding_count << " problem(s) found";
    if (report.findings.size() < report.finding_count)
        out << " (the first " << report.findings.size() << " listed)";
    out << "\n";
}

int check_store_command(CommandContext& context) {
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    std::string path = (*cfg)->store_path.string();
    auto report = sync::check_store_file(path);
    if (!report)
        return report_error(context, report.error());
    print_report(context.out(), path, *report);
    return report->clean() ? k_exit_ok : k_exit_inconsistent;
}

} // namespace

void add_check_store_commands(CommandLine& line) {
    auto* command = line.app().add_subcommand(
        "check-store", "check the store's consistency (links, hashes, journal, sets)");
    line.add_common(*command);
    line.on_parsed(*command, [](CommandContext& c) { return check_store_command(c); });
}

} // namespace aafd::cli
