// The keyword tables of aafd's configuration: which keys each TOML table has, how each
// value is read and checked (with the kit of toml_reader.hpp), the built-in defaults,
// and the checks across keys. The file is parsed into a toml::table, every key is
// copied into the Config struct, and any problem becomes "FILE:LINE: message".
#include "config/config.hpp"

#include <algorithm>
#include <array>

#include "config/toml_reader.hpp"

namespace aafd::config {
namespace {

constexpr std::array<std::string_view, 5> k_levels = {"trace", "debug", "info", "warn", "error"};
constexpr std::array<std::string_view, 2> k_flows = {"1D", "2D"};
constexpr std::array<std::string_view, 7> k_fields = {
    "login", "names", "birth_date", "profiles", "schools", "classes", "links"};
constexpr std::array<std::string_view, 6> k_formats = {"jsonl", "csv",  "aaf",
                                                       "be1d",  "ldif", "ldap"};
constexpr std::array<std::string_view, 3> k_categories = {"Eleve", "PersRelEleve", "PersEducNat"};

// The profile table of docs/aaf-format.md §3; anything not listed gets staff_default.
const std::map<std::string, std::string> k_default_categories = {{"Eleve", "National_ELV"},
                                                                 {"PersRelEleve", "National_TUT"}};
const std::map<std::string, std::string> k_default_functions = {
    {"ENS", "National_ENS"}, {"FIJ", "National_ENS"}, {"DIR", "National_DIR"},
    {"DOC", "National_DOC"}, {"EDU", "National_EVS"}, {"AED", "National_EVS"},
    {"SUR", "National_EVS"}};

// The bounds of sync/feed/login.hpp and sync/feed/activation_code.hpp.
constexpr IntegerRange k_login_length = {8, 64, "an integer from 8 to 64"};
constexpr IntegerRange k_code_length = {6, 64, "an integer from 6 to 64"};
// A provider's name names folders: well under any file system's limit.
constexpr std::size_t k_max_provider_name = 64;

bool is_function_code(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_uai(std::string_view text) {
    return text.size() == 8 &&
           std::all_of(text.begin(), text.end() - 1, [](char c) { return c >= '0' && c <= '9'; }) &&
           text.back() >= 'A' && text.back() <= 'Z';
}

std::optional<std::string> read_login_pattern(Checker& checker, const toml::node& node,
                                              std::string_view what) {
    auto text = read_string(checker, node, what);
    if (!text)
        return std::nullopt;
    auto pattern = parse_login_pattern(*text);
    if (!pattern) {
        checker.error(node, std::string(what) + ": " + pattern.error().message);
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> check_pattern(const std::string& item) {
    if (item.find('/') == std::string::npos)
        return std::nullopt;
    return "has " + in_quotes(item) + ", which is not a file name pattern (it has a '/')";
}

std::optional<std::string> check_uai(const std::string& item) {
    if (is_uai(item))
        return std::nullopt;
    return "has " + in_quotes(item) +
           ", which is not a UAI (7 digits and a capital letter, e.g. "
           "0061594A)";
}

void read_path_section(Checker& checker, const toml::node& node, std::string_view name,
                       std::filesystem::path& path) {
    const auto* table = read_table(checker, node, name);
    if (!table)
        return;
    std::string what = std::string(name) + ".path";
    read_keys(checker, *table, "[" + std::string(name) + "]",
              {{"path",
                [&](const toml::node& n) { set_if(path, read_absolute_path(checker, n, what)); }}});
}

void read_spool(Checker& checker, const toml::node& node, Config& config) {
    const auto* table = read_table(checker, node, "spool");
    if (!table)
        return;
    auto& c = checker;
    read_keys(
        c, *table, "[spool]",
        {
            {"path",
             [&](auto& n) { set_if(config.spool_path, read_absolute_path(c, n, "spool.path")); }},
            {"keep_days",
             [&](auto& n) {
                 set_if(config.spool_keep_days,
                        read_integer<unsigned>(c, n, "spool.keep_days", k_non_negative));
             }},
        });
}

std::optional<CronSchedule> read_cron(Checker& checker, const toml::node& node,
                                      std::string_view what) {
    const auto* value = node.as_string();
    if (!value) {
        checker.error(node, std::string(what) + " must be a string of 5 cron fields");
        return std::nullopt;
    }
    auto parsed = parse_cron(value->get());
    if (!parsed) {
        checker.error(node, std::string(what) + ": " + parsed.error().message);
        return std::nullopt;
    }
    return *parsed;
}

void read_schedule(Checker& checker, const toml::node& node, Schedule& schedule) {
    const auto* table = read_table(checker, node, "schedule");
    if (!table)
        return;
    auto& c = checker;
    read_keys(
        c, *table, "[schedule]",
        {
            {"run", [&](auto& n) { set_if(schedule.run, read_cron(c, n, "schedule.run")); }},
            {"late_check",
             [&](auto& n) { set_if(schedule.late_check, read_cron(c, n, "schedule.late_check")); }},
            {"expected_by",
             [&](auto& n) {
                 set_if(schedule.expected_by, read_time_of_day(c, n, "schedule.expected_by"));
             }},
            {"retry_min",
             [&](auto& n) {
                 set_if(schedule.retry_min,
                        read_integer<std::int64_t>(c, n, "schedule.retry_min", k_positive));
             }},
            {"retry_max",
             [&](auto& n) {
                 set_if(schedule.retry_max,
                        read_integer<std::int64_t>(c, n, "schedule.retry_max", k_positive));
             }},
        });
    if (schedule.retry_max < schedule.retry_min)
        c.error(*table, "schedule.retry_max must not be less than schedule.retry_min");
}

void read_alerts(Checker& checker, const toml::node& node, Alerts& alerts) {
    const auto* table = read_table(checker, node, "alerts");
    if (!table)
        return;
    auto& c = checker;
    read_keys(
        c, *table, "[alerts]",
        {
            {"command",
             [&](auto& n) { set_if(alerts.command, read_absolute_path(c, n, "alerts.command")); }},
            {"timeout",
             [&](auto& n) {
                 set_if(alerts.timeout,
                        read_integer<std::int64_t>(c, n, "alerts.timeout", k_positive));
             }},
        });
}

void read_metrics(Checker& checker, const toml::node& node, Metrics& metrics) {
    const auto* table = read_table(checker, node, "metrics");
    if (!table)
        return;
    auto& c = checker;
    read_keys(c, *table, "[metrics]", {{"textfile", [&](auto& n) {
                                            set_if(metrics.textfile,
                                                   read_absolute_path(c, n, "metrics.textfile"));
                                        }}});
}

// The keys of an SFTP account, shared by [[source]] and [provider.push]; `prefix` names
// them in messages ("source.host"). Required: k_ssh_required.
template <class Account>
std::vector<KeyHandler> ssh_account_keys(Checker& c, const std::string& prefix, Account& account) {
    return {
        {"host", [&c, prefix, &account](
                     auto& n) { set_if(account.host, read_string(c, n, prefix + ".host")); }},
        {"port",
         [&c, prefix, &account](auto& n) {
             set_if(account.port, read_integer<std::uint16_t>(c, n, prefix + ".port", k_port));
         }},
        {"user", [&c, prefix, &account](
                     auto& n) { set_if(account.user, read_string(c, n, prefix + ".user")); }},
        {"key", [&c, prefix, &account](
                    auto& n) { set_if(account.key, read_absolute_path(c, n, prefix + ".key")); }},
        {"known_hosts",
         [&c, prefix, &account](auto& n) {
             set_if(account.known_hosts, read_absolute_path(c, n, prefix + ".known_hosts"));
         }},
        {"remote_dir",
         [&c, prefix, &account](auto& n) {
             set_if(account.remote_dir, read_string(c, n, prefix + ".remote_dir"));
         }},
    };
}

const std::vector<std::string_view> k_ssh_required = {"host", "user", "key", "known_hosts"};

Source read_source(Checker& checker, const toml::table& table) {
    Source source;
    auto& c = checker;
    std::vector<KeyHandler> handlers = ssh_account_keys(c, "source", source);
    handlers.insert(
        handlers.end(),
        {
            {"name", [&](auto& n) { set_if(source.name, read_name(c, n, "source.name")); }},
            {"flows",
             [&](auto& n) {
                 set_if(source.flows, read_list(c, n, "source.flows", one_of("flow", k_flows)));
             }},
            {"patterns",
             [&](auto& n) {
                 set_if(source.patterns, read_list(c, n, "source.patterns", check_pattern));
             }},
            {"settle_time",
             [&](auto& n) {
                 set_if(source.settle_time,
                        read_integer<std::int64_t>(c, n, "source.settle_time", k_non_negative));
             }},
            {"max_file_size",
             [&](auto& n) {
                 set_if(source.max_file_size,
                        read_integer<std::uint64_t>(c, n, "source.max_file_size", k_positive));
             }},
            {"local_dir",
             [&](auto& n) {
                 set_if(source.local_dir, read_absolute_path(c, n, "source.local_dir"));
             }},
        });
    read_keys(c, table, "[[source]]", handlers);
    require_keys(c, table, "[[source]]", {"name"});
    if (!table.contains("local_dir"))
        require_keys(c, table, "[[source]]", k_ssh_required);
    return source;
}

void read_sources(Checker& checker, const toml::node& node, std::vector<Source>& sources) {
    std::map<std::string, toml::source_index> seen;
    sources.clear();
    for (const toml::table* table : read_table_array(checker, node, "source")) {
        sources.push_back(read_source(checker, *table));
        check_unique(checker, *table, "source", seen);
    }
}

void read_import(Checker& checker, const toml::node& node, Import& import) {
    const auto* table = read_table(checker, node, "import");
    if (!table)
        return;
    auto& c = checker;
    read_keys(
        c, *table, "[import]",
        {
            {"grace_days",
             [&](auto& n) {
                 set_if(import.grace_days,
                        read_integer<unsigned>(c, n, "import.grace_days", k_positive));
             }},
            {"guard_min_count",
             [&](auto& n) {
                 set_if(
                     import.guard_min_count,
                     read_integer<std::uint64_t>(c, n, "import.guard_min_count", k_non_negative));
             }},
            {"guard_max_percent",
             [&](auto& n) {
                 set_if(import.guard_max_percent, read_percent(c, n, "import.guard_max_percent"));
             }},
            {"block_size",
             [&](auto& n) {
                 set_if(import.block_size,
                        read_integer<std::size_t>(c, n, "import.block_size", k_positive));
             }},
            {"max_future_days",
             [&](auto& n) {
                 set_if(import.max_future_days,
                        read_integer<unsigned>(c, n, "import.max_future_days", k_non_negative));
             }},
            {"max_expanded_bytes",
             [&](auto& n) {
                 set_if(import.max_expanded_bytes,
                        read_integer<std::uint64_t>(c, n, "import.max_expanded_bytes", k_positive));
             }},
        });
}

void read_functions(Checker& checker, const toml::node& node,
                    std::map<std::string, std::string>& functions) {
    const auto* table = read_table(checker, node, "profiles.functions");
    if (!table)
        return;
    for (auto&& [key, value] : *table) {
        std::string code(key.str());
        if (!is_function_code(code)) {
            checker.error(key.source(), "profiles.functions: " + in_quotes(code) +
                                            " is not a function code (A-Z, 0-9 and '_')");
            continue;
        }
        if (auto profile = read_string(checker, value, "profiles.functions." + code))
            functions[code] = *profile;
    }
}

void read_profiles(Checker& checker, const toml::node& node, Profiles& profiles) {
    const auto* table = read_table(checker, node, "profiles");
    if (!table)
        return;
    auto& c = checker;
    auto category = [&](std::string_view name) {
        return KeyHandler{name, [&c, &profiles, name](const toml::node& n) {
                              std::string key(name);
                              if (auto profile = read_string(c, n, "profiles." + key))
                                  profiles.categories[key] = *profile;
                          }};
    };
    read_keys(
        c, *table, "[profiles]",
        {
            category(k_categories[0]),
            category(k_categories[1]),
            category(k_categories[2]),
            {"staff_default",
             [&](auto& n) {
                 set_if(profiles.staff_default, read_string(c, n, "profiles.staff_default"));
             }},
            {"teacher",
             [&](auto& n) { set_if(profiles.teacher, read_string(c, n, "profiles.teacher")); }},
            {"director",
             [&](auto& n) { set_if(profiles.director, read_string(c, n, "profiles.director")); }},
            {"functions", [&](auto& n) { read_functions(c, n, profiles.functions); }},
        });
}

void read_logging(Checker& checker, const toml::node& node, Logging& logging) {
    const auto* table = read_table(checker, node, "logging");
    if (!table)
        return;
    read_keys(checker, *table, "[logging]",
              {{"level", [&](auto& n) {
                    set_if(logging.level, read_choice(checker, n, "logging.level", k_levels));
                }}});
}

void read_audit(Checker& checker, const toml::node& node, Audit& audit) {
    const auto* table = read_table(checker, node, "audit");
    if (!table)
        return;
    auto& c = checker;
    read_keys(
        c, *table, "[audit]",
        {
            {"dir", [&](auto& n) { set_if(audit.dir, read_absolute_path(c, n, "audit.dir")); }},
            {"retention_days",
             [&](auto& n) {
                 set_if(audit.retention_days,
                        read_integer<unsigned>(c, n, "audit.retention_days", k_positive));
             }},
        });
}

void read_accounts(Checker& checker, const toml::node& node, Accounts& accounts) {
    const auto* table = read_table(checker, node, "accounts");
    if (!table)
        return;
    auto& c = checker;
    read_keys(
        c, *table, "[accounts]",
        {
            {"login_pattern",
             [&](auto& n) {
                 set_if(accounts.login_pattern, read_login_pattern(c, n, "accounts.login_pattern"));
             }},
            {"login_max_length",
             [&](auto& n) {
                 set_if(
                     accounts.login_max_length,
                     read_integer<std::size_t>(c, n, "accounts.login_max_length", k_login_length));
             }},
            {"code_length",
             [&](auto& n) {
                 set_if(accounts.code_length,
                        read_integer<std::size_t>(c, n, "accounts.code_length", k_code_length));
             }},
            {"persons_in_charge",
             [&](auto& n) {
                 set_if(accounts.persons_in_charge, read_bool(c, n, "accounts.persons_in_charge"));
             }},
            {"purge_deleted_days",
             [&](auto& n) {
                 set_if(accounts.purge_deleted_days,
                        read_integer<unsigned>(c, n, "accounts.purge_deleted_days", k_positive));
             }},
        });
}

std::optional<std::string> read_provider_name(Checker& checker, const toml::node& node) {
    auto name = read_name(checker, node, "provider.name");
    if (name && name->size() > k_max_provider_name) {
        checker.error(node, "provider.name must be at most " + std::to_string(k_max_provider_name) +
                                " characters long");
        return std::nullopt;
    }
    return name;
}

std::optional<ProviderPush> read_push(Checker& checker, const toml::node& node) {
    const auto* table = read_table(checker, node, "provider.push");
    if (!table)
        return std::nullopt;
    ProviderPush push;
    read_keys(checker, *table, "[provider.push]", ssh_account_keys(checker, "provider.push", push));
    require_keys(checker, *table, "[provider.push]", k_ssh_required);
    return push;
}

std::optional<std::string> check_ldap_url(const std::string& url) {
    for (std::string_view scheme : {"ldap://", "ldaps://", "ldapi://"})
        if (url.starts_with(scheme))
            return std::nullopt;
    return "provider.ldap.url must start with ldap://, ldaps:// or ldapi://";
}

std::optional<ProviderLdap> read_ldap(Checker& checker, const toml::node& node) {
    const auto* table = read_table(checker, node, "provider.ldap");
    if (!table)
        return std::nullopt;
    ProviderLdap ldap;
    auto& c = checker;
    read_keys(
        c, *table, "[provider.ldap]",
        {
            {"url",
             [&](auto& n) {
                 auto url = read_string(c, n, "provider.ldap.url");
                 if (url)
                     if (auto wrong = check_ldap_url(*url)) {
                         c.error(n, *wrong);
                         url.reset();
                     }
                 set_if(ldap.url, url);
             }},
            {"bind_dn",
             [&](auto& n) { set_if(ldap.bind_dn, read_string(c, n, "provider.ldap.bind_dn")); }},
            {"password_file",
             [&](auto& n) {
                 set_if(ldap.password_file,
                        read_absolute_path(c, n, "provider.ldap.password_file"));
             }},
            {"base_dn",
             [&](auto& n) { set_if(ldap.base_dn, read_string(c, n, "provider.ldap.base_dn")); }},
            {"structures_dn",
             [&](auto& n) {
                 set_if(ldap.structures_dn, read_string(c, n, "provider.ldap.structures_dn"));
             }},
            {"ca_file",
             [&](auto& n) {
                 set_if(ldap.ca_file, read_absolute_path(c, n, "provider.ldap.ca_file"));
             }},
            {"starttls",
             [&](auto& n) { set_if(ldap.starttls, read_bool(c, n, "provider.ldap.starttls")); }},
            {"window",
             [&](auto& n) {
                 set_if(ldap.window,
                        read_integer<unsigned>(c, n, "provider.ldap.window", k_positive));
             }},
            {"timeout_s",
             [&](auto& n) {
                 set_if(ldap.timeout_s,
                        read_integer<unsigned>(c, n, "provider.ldap.timeout_s", k_positive));
             }},
        });
    require_keys(c, *table, "[provider.ldap]", {"base_dn", "structures_dn"});
    return ldap;
}

// Formats "ldif" and "ldap" need [provider.ldap]; "ldap" its server too, and no outbox.
void check_ldap_format(Checker& checker, const toml::table& table, const Provider& provider) {
    bool ldif = provider.format == "ldif" || provider.format == "ldap";
    if (ldif && !table.contains("ldap"))
        checker.error(table, "format '" + provider.format +
                                 "' needs a [provider.ldap] table in [[provider]]");
    if (provider.format == "ldap" && table.contains("ldap"))
        if (const auto* ldap = table.get("ldap")->as_table())
            require_keys(checker, *ldap, "[provider.ldap]", {"url", "bind_dn", "password_file"});
}

Provider read_provider(Checker& checker, const toml::table& table) {
    Provider provider;
    provider.line.value = table.source().begin.line;
    auto& c = checker;
    read_keys(
        c, table, "[[provider]]",
        {
            {"name", [&](auto& n) { set_if(provider.name, read_provider_name(c, n)); }},
            {"schools",
             [&](auto& n) {
                 set_if(provider.schools, read_list(c, n, "provider.schools", check_uai));
             }},
            {"start", [&](auto& n) { provider.start = read_date(c, n, "provider.start"); }},
            {"end", [&](auto& n) { provider.end = read_date(c, n, "provider.end"); }},
            {"outbox",
             [&](auto& n) {
                 set_if(provider.outbox, read_absolute_path(c, n, "provider.outbox"));
             }},
            {"fields",
             [&](auto& n) {
                 set_if(provider.fields,
                        read_list(c, n, "provider.fields", one_of("field", k_fields)));
             }},
            {"format",
             [&](auto& n) {
                 set_if(provider.format, read_choice(c, n, "provider.format", k_formats));
             }},
            {"retention_days",
             [&](auto& n) {
                 set_if(provider.retention_days,
                        read_integer<unsigned>(c, n, "provider.retention_days", k_non_negative));
             }},
            {"batch_max_lines",
             [&](auto& n) {
                 set_if(provider.batch_max_lines,
                        read_integer<std::size_t>(c, n, "provider.batch_max_lines", k_positive));
             }},
            {"aaf_chunk_records",
             [&](auto& n) {
                 set_if(provider.aaf_chunk_records,
                        read_integer<std::size_t>(c, n, "provider.aaf_chunk_records", k_positive));
             }},
            {"aaf_deltas",
             [&](auto& n) { set_if(provider.aaf_deltas, read_bool(c, n, "provider.aaf_deltas")); }},
            {"aaf_full_every",
             [&](auto& n) {
                 set_if(provider.aaf_full_every,
                        read_integer<unsigned>(c, n, "provider.aaf_full_every", k_non_negative));
             }},
            {"push", [&](auto& n) { provider.push = read_push(c, n); }},
            {"ldap", [&](auto& n) { provider.ldap = read_ldap(c, n); }},
        });
    require_keys(c, table, "[[provider]]", {"name"});
    check_ldap_format(c, table, provider);
    if (provider.format != "ldap" && !table.contains("outbox") && !table.contains("push"))
        c.error(table, "missing key 'outbox' (or a [provider.push] table) in [[provider]]");
    if (provider.start && provider.end && *provider.end < *provider.start)
        c.error(*table.get("end"), "provider.end must not be before provider.start");
    return provider;
}

void read_providers(Checker& checker, const toml::node& node, std::vector<Provider>& providers) {
    std::map<std::string, toml::source_index> seen;
    providers.clear();
    for (const toml::table* table : read_table_array(checker, node, "provider")) {
        providers.push_back(read_provider(checker, *table));
        check_unique(checker, *table, "provider", seen);
    }
}

// Whether `inner` is `outer` or a folder under it, by their names (links not resolved).
bool is_within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
    auto in = inner.lexically_normal(), out = outer.lexically_normal();
    auto [end, _] = std::mismatch(out.begin(), out.end(), in.begin(), in.end());
    return end == out.end() || (std::next(end) == out.end() && end->empty());
}

// An outbox that is the spool, in it or holding it: the spool's files are moved and pruned
// there, so batches would be "delivered" and then gone.
void check_outboxes(Checker& checker, const toml::table& root, const Config& config) {
    const auto* tables = root["provider"].as_array();
    for (std::size_t i = 0; tables && i < tables->size() && i < config.providers.size(); ++i) {
        const auto& outbox = config.providers[i].outbox;
        if (!outbox.empty() &&
            (is_within(outbox, config.spool_path) || is_within(config.spool_path, outbox)))
            checker.error(*tables->get(i), "provider.outbox " + outbox.string() +
                                               " must be outside the spool " +
                                               config.spool_path.string() + " (and not hold it)");
    }
}

void read_root(Checker& checker, const toml::table& root, Config& config) {
    auto& c = checker;
    read_keys(c, root, "",
              {
                  {"store", [&](auto& n) { read_path_section(c, n, "store", config.store_path); }},
                  {"spool", [&](auto& n) { read_spool(c, n, config); }},
                  {"source", [&](auto& n) { read_sources(c, n, config.sources); }},
                  {"import", [&](auto& n) { read_import(c, n, config.import); }},
                  {"profiles", [&](auto& n) { read_profiles(c, n, config.profiles); }},
                  {"accounts", [&](auto& n) { read_accounts(c, n, config.accounts); }},
                  {"logging", [&](auto& n) { read_logging(c, n, config.logging); }},
                  {"audit", [&](auto& n) { read_audit(c, n, config.audit); }},
                  {"provider", [&](auto& n) { read_providers(c, n, config.providers); }},
                  {"schedule", [&](auto& n) { read_schedule(c, n, config.schedule); }},
                  {"alerts", [&](auto& n) { read_alerts(c, n, config.alerts); }},
                  {"metrics", [&](auto& n) { read_metrics(c, n, config.metrics); }},
              });
    check_outboxes(c, root, config);
}

ConfigCheck check_config_text(const std::string& text, const std::string& name) {
    auto root = parse_toml(text, name);
    if (!root)
        return {std::nullopt, {root.error().message}};
    Checker checker(name);
    Config config = default_config();
    config.file = name;
    read_root(checker, *root, config);
    if (auto errors = checker.all(); !errors.empty())
        return {std::nullopt, std::move(errors)};
    return {std::move(config), {}};
}

} // namespace

const Source* Config::find_source(const std::string& name) const {
    auto it = std::find_if(sources.begin(), sources.end(),
                           [&](const Source& source) { return source.name == name; });
    return it == sources.end() ? nullptr : &*it;
}

Config default_config() {
    Config config;
    config.profiles.categories = k_default_categories;
    config.profiles.functions = k_default_functions;
    config.schedule.run = *parse_cron("0 2 * * *");
    config.schedule.late_check = *parse_cron("0 * * * *");
    return config;
}

Result<Config> load_config(const std::filesystem::path& path) {
    auto text = read_whole_file(path);
    if (!text)
        return std::unexpected(text.error());
    return parse_config(*text, path.string());
}

Result<Config> parse_config(const std::string& text, const std::string& name) {
    auto checked = check_config_text(text, name);
    if (!checked.errors.empty())
        return fail(ErrorCode::Config, checked.errors.front());
    return std::move(*checked.config);
}

ConfigCheck check_config_file(const std::filesystem::path& path) {
    auto text = read_whole_file(path);
    if (!text)
        return {std::nullopt, {text.error().message}};
    return check_config_text(*text, path.string());
}
} // namespace aafd::config
