// The aafd command line: parses arguments with CLI11 and runs one command.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "daemon/command_environment.hpp"

namespace aafd::cli {

// args excludes the program name. Returns the exit status (see exit_codes.hpp).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        CommandEnvironment environment = {});

} // namespace aafd::cli
