// Command-line grammar: common options, subcommands, and dispatch.
#include "daemon/cli.hpp"

#include <functional>

#include <CLI/CLI.hpp>

#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/logging.hpp"

namespace aafd::cli {
namespace {

struct Arguments {
    CommonOptions common;
    ImportArguments import;
    ShowArguments show;
    bool json = false;
    bool dry_run = false;
    std::string config_to_check;
};

void add_common(CLI::App& command, Arguments& a) {
    command.add_option("--config", a.common.config_file,
                       "configuration file (default /etc/aafd/aafd.toml when it exists)");
    command.add_option("--store", a.common.store, "store file, overriding [store] path");
    command.add_option("--source", a.common.source,
                       "source (académie) name: a [[source]], or any name with --store");
    command.add_option("--log-level", a.common.log_level, "trace, debug, info, warn or error");
}

using Runner = std::function<int(CommandContext&)>;

void add_import(CLI::App& app, Arguments& a, Runner& runner) {
    auto* command = app.add_subcommand("import", "import export files, folders or archives");
    add_common(*command, a);
    command->add_option("paths", a.import.paths, "files, folders, .tgz/.tar.gz/.zip archives")
        ->required();
    command->add_flag("--dry-run", a.import.dry_run, "print the change set, write nothing");
    command->add_flag("--allow-incomplete", a.import.allow_incomplete,
                      "apply a set even when chunks are missing");
    command->add_flag("--allow-mass-deletion", a.import.allow_mass_deletion,
                      "apply a set even when the deletion guard would refuse it");
    command->add_flag("--force", a.import.force,
                      "apply a set even when it is not newer than the last applied one");
    command->callback(
        [&] { runner = [&](CommandContext& c) { return import_command(c, a.import); }; });
}

void add_status(CLI::App& app, Arguments& a, Runner& runner) {
    auto* command = app.add_subcommand("status", "what the store holds");
    add_common(*command, a);
    command->add_flag("--json", a.json, "print JSON");
    command->callback(
        [&] { runner = [&](CommandContext& c) { return status_command(c, a.json); }; });
}

void add_show(CLI::App& app, Arguments& a, Runner& runner) {
    auto* show = app.add_subcommand("show", "print one person or structure");
    show->require_subcommand(1);
    auto* person = show->add_subcommand("person", "print one person by id");
    auto* structure = show->add_subcommand("structure", "print one structure by UAI");
    for (auto* command : {person, structure}) {
        add_common(*command, a);
        command->add_option("id", a.show.id)->required();
        command->add_option("--flow", a.show.flow, "1D or 2D")->check(CLI::IsMember({"1D", "2D"}));
        command->add_flag("--json", a.show.json, "print JSON");
    }
    person->add_option("--category", a.show.category, "Eleve, PersRelEleve or PersEducNat");
    person->callback(
        [&] { runner = [&](CommandContext& c) { return show_person_command(c, a.show); }; });
    structure->callback(
        [&] { runner = [&](CommandContext& c) { return show_structure_command(c, a.show); }; });
}

void add_maintain(CLI::App& app, Arguments& a, Runner& runner) {
    auto* command = app.add_subcommand(
        "maintain", "move people disappeared longer than the grace period to deleted");
    add_common(*command, a);
    command->add_flag("--dry-run", a.dry_run, "say what would be deleted, write nothing");
    command->callback(
        [&] { runner = [&](CommandContext& c) { return maintain_command(c, a.dry_run); }; });
}

void add_check_config(CLI::App& app, Arguments& a, Runner& runner) {
    auto* command = app.add_subcommand("check-config", "validate a configuration file");
    add_common(*command, a);
    command->add_option("file", a.config_to_check, "the file (default: --config or the default)");
    command->callback([&] {
        runner = [&](CommandContext& c) { return check_config_command(c, a.config_to_check); };
    });
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CLI::App app{"aafd: AAF exports to ENT accounts", "aafd"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "aafd 0.1.0");
    Arguments arguments;
    Runner runner;
    add_import(app, arguments, runner);
    add_status(app, arguments, runner);
    add_show(app, arguments, runner);
    add_maintain(app, arguments, runner);
    add_check_config(app, arguments, runner);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& error) {
        int code = app.exit(error, out, err);
        return code == 0 ? k_exit_ok : k_exit_usage;
    }
    CommandContext context(arguments.common, out, err);
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    if (auto logging = setup_logging((*cfg)->logging.level); !logging)
        return report_error(context, logging.error());
    return runner(context);
}

} // namespace aafd::cli
