// `aafd check-config [FILE]`: validates a configuration without side effects and
// prints the effective configuration, secrets redacted. When the store exists, the
// providers' formats are also checked against it (read-only): a `be1d` provider needs a
// primary (1D) school.
#include <algorithm>
#include <filesystem>

#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "sync/store/sqlite_account_store.hpp"

namespace aafd::cli {
namespace {

Result<bool> has_first_degree_school(sync::AccountStore& accounts,
                                     const config::Provider& provider) {
    auto schools = accounts.structures_with_uai(provider.schools);
    if (!schools)
        return std::unexpected(schools.error());
    for (const auto& school : *schools) {
        auto object = accounts.object(school.object);
        if (!object)
            return std::unexpected(object.error());
        if (*object && (*object)->key.flow == Flow::First)
            return true;
    }
    return false;
}

Result<void> check_be1d_providers(const config::Config& config) {
    auto be1d = [](const config::Provider& p) { return p.format == "be1d"; };
    if (std::none_of(config.providers.begin(), config.providers.end(), be1d) ||
        !std::filesystem::exists(config.store_path))
        return {};
    auto accounts = sync::SqliteAccountStore::open(config.store_path.string(), true);
    if (!accounts)
        return std::unexpected(accounts.error());
    for (const auto& provider : config.providers) {
        if (!be1d(provider))
            continue;
        auto first = has_first_degree_school(**accounts, provider);
        if (!first)
            return std::unexpected(first.error());
        if (!*first)
            return fail(ErrorCode::Config,
                        config.file.string() + ":" + std::to_string(provider.line.value) +
                            ": provider " + provider.name +
                            ": format \"be1d\" needs a primary (1D) school; the store holds "
                            "none among its schools");
    }
    return {};
}

int check_and_render(CommandContext& context, const config::Config& config) {
    if (auto checked = check_be1d_providers(config); !checked)
        return report_error(context, checked.error());
    context.out() << config::render_config(config);
    return k_exit_ok;
}

} // namespace

int check_config_command(CommandContext& context, const std::string& file) {
    if (!file.empty()) {
        auto loaded = config::load_config(file);
        if (!loaded)
            return report_error(context, loaded.error());
        return check_and_render(context, *loaded);
    }
    auto cfg = context.config();
    if (!cfg)
        return report_error(context, cfg.error());
    return check_and_render(context, **cfg);
}

} // namespace aafd::cli
