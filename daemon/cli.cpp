// Command-line grammar: common options, the groups of subcommands, and dispatch.
#include "daemon/cli.hpp"

#include <utility>

#include "daemon/command_line.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/logging.hpp"

namespace aafd::cli {

void CommandLine::add_common(CLI::App& command) {
    command.add_option("--config", m_common.config_file,
                       "configuration file (default /etc/aafd/aafd.toml when it exists)");
    command.add_option("--store", m_common.store, "store file, overriding [store] path");
    command.add_option("--source", m_common.source,
                       "source (académie) name: a [[source]], or any name with --store");
    command.add_option("--log-level", m_common.log_level, "trace, debug, info, warn or error");
    command.add_option("--audit-dir", m_common.audit_dir,
                       "audit trail folder, overriding [audit] dir");
}

void add_import_commands(CommandLine& line) {
    auto& a = line.keep<ImportArguments>();
    auto* command = line.app().add_subcommand("import", "import export files, folders or archives");
    line.add_common(*command);
    command->add_option("paths", a.paths, "files, folders, .tgz/.tar.gz/.zip archives")->required();
    command->add_flag("--dry-run", a.dry_run, "print the change set, write nothing");
    command->add_flag("--allow-incomplete", a.allow_incomplete,
                      "apply a set even when chunks are missing");
    command->add_flag("--allow-mass-deletion", a.allow_mass_deletion,
                      "apply a set even when the deletion guard would refuse it");
    command->add_flag("--force", a.force,
                      "apply a set even when it is not newer than the last applied one");
    line.on_parsed(*command, [&a](CommandContext& c) { return import_command(c, a); });
}

void add_status_commands(CommandLine& line) {
    auto& json = line.keep<bool>();
    auto* command = line.app().add_subcommand("status", "what the store holds");
    line.add_common(*command);
    command->add_flag("--json", json, "print JSON");
    line.on_parsed(*command, [&json](CommandContext& c) { return status_command(c, json); });
}

void add_show_commands(CommandLine& line) {
    auto& a = line.keep<ShowArguments>();
    auto* show = line.app().add_subcommand("show", "print one person or structure");
    show->require_subcommand(1);
    auto* person =
        show->add_subcommand("person", "print one person by id, login or INE; search by name");
    auto* structure = show->add_subcommand("structure", "print one structure by UAI");
    for (auto* command : {person, structure}) {
        line.add_common(*command);
        command->add_option("--flow", a.flow, "1D or 2D")->check(CLI::IsMember({"1D", "2D"}));
        command->add_flag("--json", a.json, "print JSON");
    }
    structure->add_option("id", a.id, "the structure's UAI")->required();
    // One of the four (show_person_command checks it).
    person->add_option("id", a.id, "the person's AAF id");
    person->add_option("--login", a.login, "the person's login");
    person->add_option("--ine", a.ine, "the pupil's INE");
    person->add_option("--name", a.name, "list the people whose name or login holds this");
    person->add_option("--category", a.category, "Eleve, PersRelEleve or PersEducNat");
    line.on_parsed(*person, [&a](CommandContext& c) { return show_person_command(c, a); });
    line.on_parsed(*structure, [&a](CommandContext& c) { return show_structure_command(c, a); });
}

void add_maintain_commands(CommandLine& line) {
    auto& dry_run = line.keep<bool>();
    auto* command = line.app().add_subcommand(
        "maintain", "move people disappeared longer than the grace period to deleted");
    line.add_common(*command);
    command->add_flag("--dry-run", dry_run, "say what would be deleted, write nothing");
    line.on_parsed(*command,
                   [&dry_run](CommandContext& c) { return maintain_command(c, dry_run); });
}

void add_check_config_commands(CommandLine& line) {
    auto& file = line.keep<std::string>();
    auto* command = line.app().add_subcommand("check-config", "validate a configuration file");
    line.add_common(*command);
    command->add_option("file", file, "the file (default: --config or the default)");
    line.on_parsed(*command, [&file](CommandContext& c) { return check_config_command(c, file); });
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        CommandEnvironment environment) {
    CLI::App app{"aafd: AAF exports to ENT accounts", "aafd"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "aafd 0.1.0");
    CommonOptions common;
    Runner runner;
    CommandLine line(app, common, runner);
    line.add_common(app); // also before the command: `aafd --config F status`
    for (auto add :
         {add_import_commands, add_status_commands, add_show_commands, add_maintain_commands,
          add_check_config_commands, add_audit_commands, add_run_commands, add_fetch_commands,
          add_check_store_commands, add_feed_commands, add_account_commands, add_report_commands,
          add_rgpd_commands, add_spool_commands, add_set_commands})
        add(line);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& error) {
        int code = app.exit(error, out, err);
        return code == 0 ? k_exit_ok : k_exit_usage;
    }
    CommandContext context(common, out, err, std::move(environment));
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    if (auto logging = setup_logging((*cfg)->logging.level); !logging)
        return report_error(context, logging.error());
    return runner(context);
}

} // namespace aafd::cli
