// `aafd check-config [FILE]`: validates a configuration without side effects and
// prints the effective configuration, secrets redacted.
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"

namespace aafd::cli {

int check_config_command(CommandContext& context, const std::string& file) {
    if (!file.empty()) {
        auto loaded = config::load_config(file);
        if (!loaded)
            return report_error(context, loaded.error());
        context.out() << config::render_config(*loaded);
        return k_exit_ok;
    }
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    context.out() << config::render_config(**cfg);
    return k_exit_ok;
}

} // namespace aafd::cli
