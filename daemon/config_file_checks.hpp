// What `aafd check-config` checks beyond the file's syntax and values: the files a
// configuration names (private keys exist and are not readable by others, known_hosts
// files hold an entry for their host and port, local folders exist, the alert command
// is an executable file), and the folders aafd writes to that the service's sandbox
// (systemd/aafd.service) would not let it write.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace aafd::cli {

struct ConfigFindings {
    std::vector<std::string> errors;   // the daemon would fail on each
    std::vector<std::string> warnings; // the daemon may fail, depending on the unit
};

// Reads the file system only; every finding names the configuration file and the key.
ConfigFindings check_config_files(const config::Config& config);

} // namespace aafd::cli
