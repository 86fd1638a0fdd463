// The checks of the files a configuration names (see config_file_checks.hpp).
#include "daemon/config_file_checks.hpp"

#include <array>
#include <filesystem>
#include <string_view>
#include <unistd.h>

#include "sync/sftp/sftp_client.hpp"

namespace aafd::cli {
namespace {

namespace fs = std::filesystem;

// The folders systemd/aafd.service lets the daemon write (StateDirectory=,
// LogsDirectory=, ReadWritePaths=); anything else is read-only under ProtectSystem=strict.
constexpr std::array<std::string_view, 3> k_unit_writable = {"/var/lib/aafd", "/var/log/aafd",
                                                             "/var/lib/prometheus/node-exporter"};

class Findings {
public:
    explicit Findings(const config::Config& config) : m_file(config.file.string()) {}

    void error(const std::string& what, const std::string& problem) {
        m_result.errors.push_back(m_file + ": " + what + ": " + problem);
    }
    void warning(const std::string& what, const std::string& problem) {
        m_result.warnings.push_back(m_file + ": " + what + ": " + problem);
    }
    ConfigFindings result() && { return std::move(m_result); }

private:
    std::string m_file;
    ConfigFindings m_result;
};

struct SshAccount {
    std::string what; // "[[source]] 'ac-paris'", "[[provider]] 'x' push"
    std::string host;
    std::uint16_t port;
    std::string user;
    fs::path key;
    fs::path known_hosts;
};

void check_ssh_account(Findings& findings, const SshAccount& account) {
    if (auto key = sync::check_private_key_file(account.key); !key)
        findings.error(account.what + " key", key.error().message);
    std::string known_hosts = account.what + " known_hosts " + account.known_hosts.string();
    if (!fs::is_regular_file(account.known_hosts)) {
        findings.error(known_hosts, "no such file");
        return;
    }
    auto found = sync::SshSession::has_known_hosts_entry({.host = account.host,
                                                          .port = account.port,
                                                          .user = account.user,
                                                          .known_hosts = account.known_hosts});
    if (!found)
        findings.error(known_hosts, found.error().message);
    else if (!*found)
        findings.error(known_hosts, "no entry for " + account.host + " port " +
                                        std::to_string(account.port) +
                                        " (ssh-keyscan -p PORT HOST, checked against the "
                                        "server's fingerprint, gives the line to add)");
}

void check_alert_command(Findings& findings, const fs::path& command) {
    std::string what = "[alerts] command " + command.string();
    if (!fs::exists(command))
        findings.error(what, "no such file");
    else if (!fs::is_regular_file(command) || ::access(command.c_str(), X_OK) != 0)
        findings.error(what, "not an executable file");
}

bool unit_can_write(const fs::path& path) {
    fs::path normal = path.lexically_normal();
    for (std::string_view folder : k_unit_writable) {
        auto relative = normal.lexically_relative(fs::path(folder));
        if (!relative.empty() && *relative.begin() != "..")
            return true;
    }
    return false;
}

void check_writable(Findings& findings, const std::string& what, const fs::path& path) {
    if (path.empty() || unit_can_write(path))
        return;
    findings.warning(what + " " + path.string(),
                     "outside the folders the service may write (/var/lib/aafd, /var/log/aafd):"
                     " add ReadWritePaths=" +
                         path.string() + " to a drop-in (systemctl edit aafd)");
}

} // namespace

ConfigFindings check_config_files(const config::Config& config) {
    Findings findings(config);
    for (const config::Source& source : config.sources) {
        std::string what = "[[source]] '" + source.name + "'";
        if (!source.local_dir.empty() && !fs::is_directory(source.local_dir))
            findings.error(what + " local_dir " + source.local_dir.string(), "no such folder");
        if (source.local_dir.empty())
            check_ssh_account(findings, {what, source.host, source.port, source.user, source.key,
                                         source.known_hosts});
    }
    for (const config::Provider& provider : config.providers) {
        std::string what = "[[provider]] '" + provider.name + "'";
        check_writable(findings, what + " outbox", provider.outbox);
        if (provider.push)
            check_ssh_account(findings, {what + " push", provider.push->host, provider.push->port,
                                         provider.push->user, provider.push->key,
                                         provider.push->known_hosts});
    }
    if (!config.alerts.command.empty())
        check_alert_command(findings, config.alerts.command);
    check_writable(findings, "[store] path", config.store_path);
    check_writable(findings, "[spool] path", config.spool_path);
    check_writable(findings, "[audit] dir", config.audit.dir);
    check_writable(findings, "[metrics] textfile", config.metrics.textfile);
    return std::move(findings).result();
}

} // namespace aafd::cli
