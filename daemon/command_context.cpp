// Resolving configuration, store and source for a command.
#include "daemon/command_context.hpp"

#include <filesystem>

#include "daemon/feed_settings.hpp"
#include "sync/audit/actor.hpp"
#include "sync/audit/audit_log.hpp"
#include "sync/store/sqlite_account_store.hpp"
#include "sync/store/sqlite_store.hpp"

namespace aafd::cli {

Result<const config::Config*> CommandContext::config() {
    if (m_config)
        return &*m_config;
    std::string path = m_options.config_file;
    if (path.empty() && std::filesystem::exists(config::k_default_path))
        path = config::k_default_path;
    if (path.empty()) {
        m_config = config::default_config();
    } else {
        auto loaded = config::load_config(path);
        if (!loaded)
            return std::unexpected(loaded.error());
        m_config = std::move(*loaded);
    }
    if (!m_options.store.empty())
        m_config->store_path = m_options.store;
    if (!m_options.log_level.empty())
        m_config->logging.level = m_options.log_level;
    if (!m_options.audit_dir.empty())
        m_config->audit.dir = m_options.audit_dir;
    return &*m_config;
}

Result<sync::Store*> CommandContext::store(bool read_only) {
    if (m_store)
        return m_store.get();
    auto cfg = config();
    if (!cfg)
        return std::unexpected(cfg.error());
    std::string path = (*cfg)->store_path.string();
    if (read_only && !std::filesystem::exists(path))
        return fail(ErrorCode::NoInput,
                    "store " + path + " does not exist (nothing imported yet?)");
    auto opened = sync::open_sqlite_store(path, {.read_only = read_only});
    if (!opened)
        return std::unexpected(opened.error());
    m_store = std::move(*opened);
    return m_store.get();
}

Result<sync::AccountStore*> CommandContext::accounts(bool read_only) {
    if (m_accounts)
        return m_accounts.get();
    auto opened = store(read_only);
    if (!opened)
        return std::unexpected(opened.error());
    auto accounts = sync::SqliteAccountStore::open((*config())->store_path.string(), read_only);
    if (!accounts)
        return std::unexpected(accounts.error());
    m_accounts = std::move(*accounts);
    return m_accounts.get();
}

Result<ProviderContext> CommandContext::for_provider(const std::string& provider, bool read_only) {
    auto cfg = config();
    auto found = cfg ? daemon::find_provider(**cfg, provider) : std::unexpected(cfg.error());
    auto store = found ? accounts(read_only) : std::unexpected(found.error());
    auto trail = store ? audit() : std::unexpected(store.error());
    if (!trail)
        return std::unexpected(trail.error());
    return ProviderContext{**cfg, **found, **store, **trail};
}

Result<std::string> CommandContext::import_source() {
    auto cfg = config();
    if (!cfg)
        return std::unexpected(cfg.error());
    const auto& sources = (*cfg)->sources;
    if (!m_options.source.empty()) {
        if (!sources.empty() && !(*cfg)->find_source(m_options.source) && m_options.store.empty())
            return fail(ErrorCode::Config, "no [[source]] named '" + m_options.source + "' in " +
                                               (*cfg)->file.string());
        return m_options.source;
    }
    if (sources.size() == 1)
        return sources.front().name;
    return fail(ErrorCode::Config, sources.empty()
                                       ? "name the source (the académie) with --source NAME"
                                       : "several sources are configured: choose one with "
                                         "--source NAME");
}

std::string CommandContext::lookup_source() {
    if (!m_options.source.empty())
        return m_options.source;
    auto cfg = config();
    if (cfg && (*cfg)->sources.size() == 1)
        return (*cfg)->sources.front().name;
    return "";
}

sync::ProfileTable CommandContext::profile_table() {
    auto cfg = config();
    return daemon::profile_table(cfg ? **cfg : config::default_config());
}

// The trail of [audit] dir, with the Unix user behind this process as actor.
Result<sync::AuditSink*> CommandContext::audit() {
    if (m_audit)
        return m_audit.get();
    auto cfg = config();
    if (!cfg)
        return std::unexpected(cfg.error());
    m_audit = std::make_unique<sync::AuditLog>(
        sync::AuditLogOptions{.dir = (*cfg)->audit.dir, .actor = sync::process_actor()});
    return m_audit.get();
}

Result<void> CommandContext::record_audit(const sync::AuditEvent& event) {
    auto sink = audit();
    if (!sink)
        return std::unexpected(sink.error());
    return (*sink)->record(event);
}

} // namespace aafd::cli
