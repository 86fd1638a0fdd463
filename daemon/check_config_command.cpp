// `aafd check-config [FILE]`: validates a configuration without side effects: every error
// of the file at once, then the files it names (daemon/config_file_checks.hpp); prints
// the effective configuration, secrets redacted, when it is valid.
#include "daemon/commands.hpp"
#include "daemon/config_file_checks.hpp"
#include "daemon/exit_codes.hpp"

namespace aafd::cli {
namespace {

int report_all(CommandContext& context, const std::vector<std::string>& errors) {
    for (const std::string& error : errors)
        context.err() << "aafd: " << error << "\n";
    context.err() << "aafd: " << errors.size() << " error(s)\n";
    return k_exit_config;
}

} // namespace

int check_config_command(CommandContext& context, const std::string& file) {
    config::ConfigCheck checked;
    if (!file.empty()) {
        checked = config::check_config_file(file);
    } else {
        auto cfg = context.config();
        if (!cfg)
            return report_error(context, cfg.error());
        checked.config = **cfg;
    }
    if (!checked.config)
        return report_all(context, checked.errors);
    auto findings = check_config_files(*checked.config);
    for (const std::string& warning : findings.warnings)
        context.err() << "aafd: warning: " << warning << "\n";
    if (!findings.errors.empty())
        return report_all(context, findings.errors);
    context.out() << config::render_config(*checked.config);
    return k_exit_ok;
}

} // namespace aafd::cli
