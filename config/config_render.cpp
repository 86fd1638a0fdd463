// The effective configuration shown back as TOML (render_config, for `aafd check-config`):
// every table with its values, defaults included, in an order that parses back to the
// same Config. Secrets are never printed: a key file is shown by its path, and
// TomlWriter redacts any key that looks like a secret.
#include <cstdio>

#include "config/config.hpp"
#include "config/toml_writer.hpp"

namespace aafd::config {
namespace {

void render_source(TomlWriter& out, const Source& source) {
    out.table_array("source");
    out.add_string("name", source.name);
    // A local_dir source may have no SFTP account: its empty keys are left out.
    auto add_if_set = [&out](std::string_view key, const std::string& value) {
        if (!value.empty())
            out.add_string(key, value);
    };
    add_if_set("host", source.host);
    out.add_integer("port", source.port);
    add_if_set("user", source.user);
    add_if_set("key", source.key.string());
    add_if_set("known_hosts", source.known_hosts.string());
    out.add_string("remote_dir", source.remote_dir);
    out.add_strings("flows", source.flows);
    out.add_strings("patterns", source.patterns);
    out.add_integer("settle_time", source.settle_time.count());
    out.add_integer("max_file_size", static_cast<std::int64_t>(source.max_file_size));
    if (!source.local_dir.empty())
        out.add_string("local_dir", source.local_dir.string());
}

std::string time_of_day(std::chrono::minutes minutes) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", static_cast<int>(minutes.count() / 60),
                  static_cast<int>(minutes.count() % 60));
    return buffer;
}

void render_daemon(TomlWriter& out, const Config& config) {
    out.table("schedule");
    out.add_string("run", config.schedule.run.text);
    out.add_string("late_check", config.schedule.late_check.text);
    out.add_string("expected_by", time_of_day(config.schedule.expected_by));
    out.add_integer("retry_min", config.schedule.retry_min.count());
    out.add_integer("retry_max", config.schedule.retry_max.count());
    out.table("alerts");
    if (!config.alerts.command.empty())
        out.add_string("command", config.alerts.command.string());
    out.add_integer("timeout", config.alerts.timeout.count());
    out.table("metrics");
    if (!config.metrics.textfile.empty())
        out.add_string("textfile", config.metrics.textfile.string());
}

void render_profiles(TomlWriter& out, const Profiles& profiles) {
    out.table("profiles");
    for (const auto& [category, profile] : profiles.categories)
        out.add_string(category, profile);
    out.add_string("staff_default", profiles.staff_default);
    out.add_string("teacher", profiles.teacher);
    out.add_string("director", profiles.director);
    out.table("profiles.functions");
    for (const auto& [code, profile] : profiles.functions)
        out.add_string(code, profile);
}

void render_accounts(TomlWriter& out, const Accounts& accounts) {
    out.table("accounts");
    out.add_string("login_pattern", accounts.login_pattern);
    out.add_integer("login_max_length", static_cast<std::int64_t>(accounts.login_max_length));
    out.add_integer("code_length", static_cast<std::int64_t>(accounts.code_length));
    out.add_bool("persons_in_charge", accounts.persons_in_charge);
    out.add_integer("purge_deleted_days", accounts.purge_deleted_days);
}

void render_push(TomlWriter& out, const ProviderPush& push) {
    out.table("provider.push");
    out.add_string("host", push.host);
    out.add_integer("port", push.port);
    out.add_string("user", push.user);
    out.add_string("key", push.key.string());
    out.add_string("known_hosts", push.known_hosts.string());
    out.add_string("remote_dir", push.remote_dir);
}

// The password file (its key looks secret) is redacted by the writer.
void render_ldap(TomlWriter& out, const ProviderLdap& ldap) {
    out.table("provider.ldap");
    if (!ldap.url.empty())
        out.add_string("url", ldap.url);
    if (!ldap.bind_dn.empty())
        out.add_string("bind_dn", ldap.bind_dn);
    if (!ldap.password_file.empty())
        out.add_string("password_file", ldap.password_file.string());
    out.add_string("base_dn", ldap.base_dn);
    out.add_string("structures_dn", ldap.structures_dn);
    if (!ldap.ca_file.empty())
        out.add_string("ca_file", ldap.ca_file.string());
    out.add_bool("starttls", ldap.starttls);
    out.add_integer("window", ldap.window);
    out.add_integer("timeout_s", ldap.timeout_s);
}

void render_provider(TomlWriter& out, const Provider& provider) {
    out.table_array("provider");
    out.add_string("name", provider.name);
    if (!provider.schools.empty())
        out.add_strings("schools", provider.schools);
    if (provider.start)
        out.add_date("start", *provider.start);
    if (provider.end)
        out.add_date("end", *provider.end);
    if (!provider.outbox.empty())
        out.add_string("outbox", provider.outbox.string());
    out.add_strings("fields", provider.fields);
    out.add_string("format", provider.format);
    out.add_integer("retention_days", provider.retention_days);
    out.add_integer("batch_max_lines", static_cast<std::int64_t>(provider.batch_max_lines));
    out.add_integer("aaf_chunk_records", static_cast<std::int64_t>(provider.aaf_chunk_records));
    out.add_bool("aaf_deltas", provider.aaf_deltas);
    out.add_integer("aaf_full_every", provider.aaf_full_every);
    if (provider.push)
        render_push(out, *provider.push);
    if (provider.ldap)
        render_ldap(out, *provider.ldap);
}

void render_sections(TomlWriter& out, const Config& config) {
    out.table("store");
    out.add_string("path", config.store_path.string());
    out.table("spool");
    out.add_string("path", config.spool_path.string());
    out.add_integer("keep_days", config.spool_keep_days);
    for (const Source& source : config.sources)
        render_source(out, source);
    out.table("import");
    out.add_integer("grace_days", config.import.grace_days);
    out.add_integer("guard_min_count", static_cast<std::int64_t>(config.import.guard_min_count));
    out.add_float("guard_max_percent", config.import.guard_max_percent);
    out.add_integer("block_size", static_cast<std::int64_t>(config.import.block_size));
    out.add_integer("max_future_days", config.import.max_future_days);
    out.add_integer("max_expanded_bytes",
                    static_cast<std::int64_t>(config.import.max_expanded_bytes));
    render_profiles(out, config.profiles);
    render_accounts(out, config.accounts);
    out.table("logging");
    out.add_string("level", config.logging.level);
    out.table("audit");
    out.add_string("dir", config.audit.dir.string());
    out.add_integer("retention_days", config.audit.retention_days);
    render_daemon(out, config);
    for (const Provider& provider : config.providers)
        render_provider(out, provider);
}

} // namespace

std::string render_config(const Config& config) {
    TomlWriter out;
    out.comment("aafd effective configuration" + (config.file.empty()
                                                      ? std::string(" (built-in defaults)")
                                                      : " from " + config.file.string()));
    render_sections(out, config);
    if (config.sources.empty())
        out.comment("no [[source]] configured");
    if (config.providers.empty())
        out.comment("no [[provider]] configured");
    return out.text();
}
} // namespace aafd::config
