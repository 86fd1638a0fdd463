// `aafd check-config [FILE]`: validates a configuration without side effects: every error
// of the file at once, then the files it names (daemon/config_file_checks.hpp), then,
// when the store exists, the providers' formats against it (read-only: a `be1d` provider
// needs a primary (1D) school); prints the effective configuration, secrets redacted,
// when it is valid.
#include <algorithm>
#include <filesystem>

#include "daemon/commands.hpp"
#include "daemon/config_file_checks.hpp"
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
    if (auto be1d = check_be1d_providers(*checked.config); !be1d)
        findings.errors.push_back(be1d.error().message);
    if (!findings.errors.empty())
        return report_all(context, findings.errors);
    context.out() << config::render_config(*checked.config);
    return k_exit_ok;
}

} // namespace aafd::cli
