// What every command shares: the options common to all (--config, --store,
// --source), the configuration they resolve to, the store, the output streams, and the
// clock reading and fetch timing of its environment.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <string>

#include "config/config.hpp"
#include "daemon/command_environment.hpp"
#include "sync/audit/audit_sink.hpp"
#include "sync/core/account_store.hpp"
#include "sync/core/store.hpp"
#include "sync/feed/profiles.hpp"

namespace aafd::cli {

struct CommonOptions {
    std::string config_file; // empty: /etc/aafd/aafd.toml if it exists, else defaults
    std::string store;       // overrides [store] path
    std::string source;      // a [[source]] name, or any name with --store
    std::string log_level;   // overrides [logging] level
    std::string audit_dir;   // overrides [audit] dir
};

// What a command on one [[provider]] works with (CommandContext::for_provider).
struct ProviderContext {
    const config::Config& config;
    const config::Provider& provider;
    sync::AccountStore& accounts;
    sync::AuditSink& audit;
};

class CommandContext {
public:
    CommandContext(CommonOptions options, std::ostream& out, std::ostream& err,
                   CommandEnvironment environment)
        : m_options(std::move(options)), m_out(out), m_err(err),
          m_environment(std::move(environment)) {}

    // Reads the configuration (once). ErrorCode::Config on a bad file.
    Result<const config::Config*> config();
    // Opens the store of the configuration (or --store).
    Result<sync::Store*> store(bool read_only = false);
    // The accounts and feeds side of the same store (opened, and migrated, by store()):
    // its SQLite implementation, on a connection of its own.
    Result<sync::AccountStore*> accounts(bool read_only = false);
    // The source to import into: --source, else the only configured one.
    Result<std::string> import_source();
    // The source to look into: --source, else the only configured one, else any ("").
    std::string lookup_source();
    sync::ProfileTable profile_table();
    // The audit trail every access to personal data or to the exchange account goes to,
    // with the actor of this command (the Unix user behind it).
    Result<sync::AuditSink*> audit();
    // Records `event` in audit(). An error (ErrorCode::Io) means: do not go on.
    Result<void> record_audit(const sync::AuditEvent& event);
    // The prologue of a command on one provider: the configuration, the [[provider]] named
    // `provider` in it, the accounts' store, the audit trail; the first that fails.
    Result<ProviderContext> for_provider(const std::string& provider, bool read_only = false);
    std::chrono::system_clock::time_point now() const { return m_environment.now; }
    // How `aafd fetch` and the daemon's fetches retry and wait.
    const sync::FetchTiming& fetch_timing() const { return m_environment.fetch_timing; }

    std::ostream& out() { return m_out; }
    std::ostream& err() { return m_err; }

private:
    CommonOptions m_options;
    std::ostream& m_out;
    std::ostream& m_err;
    std::optional<config::Config> m_config;
    std::unique_ptr<sync::Store> m_store;
    std::unique_ptr<sync::AccountStore> m_accounts;
    std::unique_ptr<sync::AuditSink> m_audit;
    CommandEnvironment m_environment;
};

} // namespace aafd::cli
