// What a group of subcommands needs to register itself on the command line: the
// CLI11 app, the options common to every command, and where to put the command to
// run. Each group lives in its own file (daemon/<group>_command.cpp) and is listed in
// daemon/cli.cpp.
#pragma once

#include <deque>
#include <functional>
#include <memory>

#include <CLI/CLI.hpp>

#include "daemon/command_context.hpp"

namespace aafd::cli {

using Runner = std::function<int(CommandContext&)>;

class CommandLine {
public:
    CommandLine(CLI::App& app, CommonOptions& common, Runner& runner)
        : m_app(app), m_common(common), m_runner(runner) {}

    CLI::App& app() { return m_app; }
    // Adds --config, --store, --source, --log-level and --audit-dir to `command`; the
    // same options on the top-level app are taken before the command's name.
    void add_common(CLI::App& command);
    // Storage for a group's arguments that lives as long as the command line.
    template <class T>
    T& keep() {
        auto holder = std::make_shared<T>();
        m_kept.push_back(holder);
        return *holder;
    }
    // The command to run when `command` is the one parsed.
    void on_parsed(CLI::App& command, Runner runner) {
        command.callback([this, runner = std::move(runner)] { m_runner = runner; });
    }

private:
    CLI::App& m_app;
    CommonOptions& m_common;
    Runner& m_runner;
    std::deque<std::shared_ptr<void>> m_kept;
};

// The groups of subcommands, each defined in its own file.
void add_import_commands(CommandLine& line);
void add_status_commands(CommandLine& line);
void add_show_commands(CommandLine& line);
void add_maintain_commands(CommandLine& line);
void add_check_config_commands(CommandLine& line);
void add_run_commands(CommandLine& line); // daemon/daemon_command.cpp
void add_audit_commands(CommandLine& line);
void add_fetch_commands(CommandLine& line);       // daemon/fetch_command.cpp
void add_check_store_commands(CommandLine& line); // daemon/check_store_command.cpp
void add_feed_commands(CommandLine& line);        // daemon/feed_command.cpp
void add_account_commands(CommandLine& line);     // daemon/account_command.cpp
void add_report_commands(CommandLine& line);      // daemon/report_command.cpp
void add_rgpd_commands(CommandLine& line);        // daemon/rgpd_command.cpp
void add_spool_commands(CommandLine& line);       // daemon/spool_command.cpp
void add_set_commands(CommandLine& line);         // daemon/set_command.cpp

} // namespace aafd::cli
