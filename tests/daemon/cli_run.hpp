// Runs the aafd command line in-process for the daemon/ tests: arguments (and, when a
// test needs it, the environment: clock, fetch timing) in, exit status and printed text
// out.
#pragma once

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "daemon/cli.hpp"

namespace aafd::test {

struct CliRun {
    int status = -1;
    std::string out;
    std::string err;
};

inline CliRun run_cli(const std::vector<std::string>& args,
                      cli::CommandEnvironment environment = {}) {
    std::ostringstream out, err;
    CliRun run;
    run.status = cli::run(args, out, err, std::move(environment));
    run.out = out.str();
    run.err = err.str();
    return run;
}

} // namespace aafd::test
