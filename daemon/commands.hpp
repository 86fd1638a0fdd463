// The commands of the aafd command line. Each returns its exit status and writes
// to the context's streams.
#pragma once

#include <string>
#include <vector>

#include "daemon/command_context.hpp"

namespace aafd::cli {

struct ImportArguments {
    std::vector<std::string> paths;
    bool dry_run = false;
    bool allow_incomplete = false;
    bool allow_mass_deletion = false;
    bool force = false;
};
int import_command(CommandContext& context, const ImportArguments& arguments);

int status_command(CommandContext& context, bool json);

struct ShowArguments {
    std::string id;
    std::string login; // show person: by login, INE or a part of the name instead of the id
    std::string ine;
    std::string name;
    std::string category; // optional: Eleve, PersRelEleve, PersEducNat
    std::string flow;     // optional: 1D, 2D
    bool json = false;
};
int show_person_command(CommandContext& context, const ShowArguments& arguments);
int show_structure_command(CommandContext& context, const ShowArguments& arguments);

int maintain_command(CommandContext& context, bool dry_run);
int set_retract_command(CommandContext& context, std::int64_t id);

int check_config_command(CommandContext& context, const std::string& file);

// Prints "aafd: <message>" and returns the exit status for the error.
int report_error(CommandContext& context, const Error& error);

} // namespace aafd::cli
