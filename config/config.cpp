// Reads, validates and renders aafd's TOML configuration. The only user of toml++: the
// file is parsed into a toml::table, then every key is checked against the tables below
// and copied into the Config struct; any problem becomes "FILE:LINE: message".
#include "config/config.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <limits>
#include <unistd.h>

#include <toml++/toml.h>

#include "config/toml_writer.hpp"

namespace aafd::config {
namespace {

constexpr std::array<std::string_view, 5> k_levels = {"trace", "debug", "info", "warn", "error"};
constexpr std::array<std::string_view, 2> k_flows = {"1D", "2D"};
constexpr std::array<std::string_view, 7> k_fields = {
    "login", "names", "birth_date", "profiles", "schools", "classes", "links"};
constexpr std::array<std::string_view, 2> k_formats = {"jsonl", "csv"};
constexpr std::array<std::string_view, 3> k_categories = {"Eleve", "PersRelEleve", "PersEducNat"};

// The profile table of docs/aaf-format.md §3; anything not listed gets staff_default.
const std::map<std::string, std::string> k_default_categories = {{"Eleve", "National_ELV"},
                                                                 {"PersRelEleve", "National_TUT"}};
const std::map<std::string, std::string> k_default_functions = {
    {"ENS", "National_ENS"}, {"FIJ", "National_ENS"}, {"DIR", "National_DIR"},
    {"DOC", "National_DOC"}, {"EDU", "National_EVS"}, {"AED", "National_EVS"},
    {"SUR", "National_EVS"}};

// An accepted range of integers and how messages describe it.
struct IntegerRange {
    std::int64_t min;
    std::int64_t max;
    std::string_view description;
};

constexpr std::int64_t k_int_max = std::numeric_limits<std::int64_t>::max();
constexpr IntegerRange k_positive = {1, k_int_max, "a positive integer"};
constexpr IntegerRange k_non_negative = {0, k_int_max, "a non-negative integer"};
constexpr IntegerRange k_port = {1, 65535, "an integer from 1 to 65535"};
// The bounds of sync/feed/login.hpp and sync/feed/activation_code.hpp.
constexpr IntegerRange k_login_length = {8, 64, "an integer from 8 to 64"};
constexpr IntegerRange k_code_length = {6, 64, "an integer from 6 to 64"};
// A provider's name names folders: well under any file system's limit.
constexpr std::size_t k_max_provider_name = 64;

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& list) {
    std::string result;
    for (std::string_view item : list)
        result += (result.empty() ? "" : ", ") + std::string(item);
    return result;
}

// `text` between quotes for a message, control characters shown as \xNN.
std::string in_quotes(std::string_view text) {
    std::string result = "'";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte != 0x7f) {
            result += c;
            continue;
        }
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(byte));
        result += buffer;
    }
    return result + "'";
}

bool is_name(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

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

// Collects the errors found in one file; the one on the earliest line is reported.
class Checker {
public:
    explicit Checker(std::string name) : m_name(std::move(name)) {}

    void error(const toml::source_region& where, const std::string& message) {
        if (!m_first || where.begin.line < m_first_line) {
            m_first = m_name + ":" + std::to_string(where.begin.line) + ": " + message;
            m_first_line = where.begin.line;
        }
    }
    void error(const toml::node& node, const std::string& message) {
        error(node.source(), message);
    }
    const std::optional<std::string>& first() const { return m_first; }

private:
    std::string m_name;
    std::optional<std::string> m_first;
    toml::source_index m_first_line = 0;
};

template <class T, class U>
void set_if(T& target, const std::optional<U>& value) {
    if (value)
        target = T(*value);
}

// ---- values ----

std::optional<std::string> read_string(Checker& checker, const toml::node& node,
                                       std::string_view what) {
    const auto* value = node.as_string();
    if (!value || value->get().empty()) {
        checker.error(node, std::string(what) + " must be a non-empty string");
        return std::nullopt;
    }
    return value->get();
}

std::optional<std::filesystem::path> read_absolute_path(Checker& checker, const toml::node& node,
                                                        std::string_view what) {
    const auto* value = node.as_string();
    if (!value || !std::filesystem::path(value->get()).is_absolute() ||
        value->get().find('\0') != std::string::npos) {
        checker.error(node, std::string(what) + " must be an absolute path");
        return std::nullopt;
    }
    return std::filesystem::path(value->get());
}

std::optional<std::string> read_name(Checker& checker, const toml::node& node,
                                     std::string_view what) {
    const auto* value = node.as_string();
    if (!value || !is_name(value->get())) {
        checker.error(node, std::string(what) + " must be a non-empty string of a-z, 0-9, '_' "
                                                "and '-'");
        return std::nullopt;
    }
    return value->get();
}

template <class T>
std::optional<T> read_integer(Checker& checker, const toml::node& node, std::string_view what,
                              const IntegerRange& range) {
    const auto* value = node.as_integer();
    auto max = std::min<std::uint64_t>(static_cast<std::uint64_t>(range.max),
                                       std::numeric_limits<T>::max());
    if (!value || value->get() < range.min || static_cast<std::uint64_t>(value->get()) > max) {
        checker.error(node, std::string(what) + " must be " + std::string(range.description));
        return std::nullopt;
    }
    return static_cast<T>(value->get());
}

std::optional<double> read_percent(Checker& checker, const toml::node& node,
                                   std::string_view what) {
    std::optional<double> number;
    if (const auto* value = node.as_floating_point())
        number = value->get();
    else if (const auto* integer = node.as_integer())
        number = static_cast<double>(integer->get());
    if (!number || !(*number >= 0.0 && *number <= 100.0)) {
        checker.error(node, std::string(what) + " must be a number from 0 to 100");
        return std::nullopt;
    }
    return number;
}

std::optional<bool> read_bool(Checker& checker, const toml::node& node, std::string_view what) {
    const auto* value = node.as_boolean();
    if (!value) {
        checker.error(node, std::string(what) + " must be true or false");
        return std::nullopt;
    }
    return value->get();
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

std::optional<Date> read_date(Checker& checker, const toml::node& node, std::string_view what) {
    const auto* value = node.as_date();
    if (!value) {
        checker.error(node, std::string(what) + " must be a date (YYYY-MM-DD, unquoted)");
        return std::nullopt;
    }
    const toml::date& date = value->get();
    return Date{std::chrono::year{date.year}, std::chrono::month{date.month},
                std::chrono::day{date.day}};
}

template <std::size_t N>
std::optional<std::string> read_choice(Checker& checker, const toml::node& node,
                                       std::string_view what,
                                       const std::array<std::string_view, N>& choices) {
    const auto* value = node.as_string();
    if (!value || !contains(choices, value->get())) {
        checker.error(node, std::string(what) + " must be one of " + join(choices));
        return std::nullopt;
    }
    return value->get();
}

// Says what is wrong with one element of a list, or nothing.
using ElementCheck = std::function<std::optional<std::string>(const std::string&)>;

// A non-empty array of non-empty, distinct strings, each accepted by `check`.
std::optional<std::vector<std::string>> read_list(Checker& checker, const toml::node& node,
                                                  std::string_view what,
                                                  const ElementCheck& check) {
    const auto* array = node.as_array();
    if (!array || array->empty()) {
        checker.error(node, std::string(what) + " must be a non-empty array of strings");
        return std::nullopt;
    }
    std::vector<std::string> items;
    for (const toml::node& element : *array) {
        const auto* value = element.as_string();
        std::optional<std::string> problem;
        if (!value || value->get().empty())
            problem = "must be a non-empty array of strings";
        else if (std::find(items.begin(), items.end(), value->get()) != items.end())
            problem = "has " + in_quotes(value->get()) + " twice";
        else
            problem = check(value->get());
        if (problem) {
            checker.error(element, std::string(what) + " " + *problem);
            return std::nullopt;
        }
        items.push_back(value->get());
    }
    return items;
}

template <std::size_t N>
ElementCheck one_of(std::string_view kind, const std::array<std::string_view, N>& choices) {
    return [kind, &choices](const std::string& item) -> std::optional<std::string> {
        if (contains(choices, item))
            return std::nullopt;
        return "has an unknown " + std::string(kind) + " " + in_quotes(item) +
               " (expected one of " + join(choices) + ")";
    };
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

// ---- tables ----

using KeyReader = std::function<void(const toml::node&)>;

struct KeyHandler {
    std::string_view key;
    KeyReader read;
};

// Hands each key of `table` to its reader; a key without one is an error. `where` names
// the table in messages ("[[source]]"); empty for the top level.
void read_keys(Checker& checker, const toml::table& table, std::string_view where,
               const std::vector<KeyHandler>& handlers) {
    for (auto&& [key, node] : table) {
        auto handler = std::find_if(handlers.begin(), handlers.end(),
                                    [&](const KeyHandler& h) { return h.key == key.str(); });
        if (handler != handlers.end()) {
            handler->read(node);
            continue;
        }
        std::string message = "unknown key " + in_quotes(key.str());
        checker.error(key.source(),
                      where.empty() ? message : message + " in " + std::string(where));
    }
}

void require_keys(Checker& checker, const toml::table& table, std::string_view where,
                  const std::vector<std::string_view>& keys) {
    for (std::string_view key : keys)
        if (!table.contains(key))
            checker.error(table, "missing key " + in_quotes(key) + " in " + std::string(where));
}

const toml::table* read_table(Checker& checker, const toml::node& node, std::string_view name) {
    const auto* table = node.as_table();
    if (!table)
        checker.error(node, std::string(name) + " must be a table ([" + std::string(name) + "])");
    return table;
}

// The elements of an array of tables, or nothing (and an error) when it is not one.
std::vector<const toml::table*> read_table_array(Checker& checker, const toml::node& node,
                                                 std::string_view name) {
    std::vector<const toml::table*> tables;
    const auto* array = node.as_array();
    if (array)
        for (const toml::node& element : *array)
            tables.push_back(element.as_table());
    if (!array || std::count(tables.begin(), tables.end(), nullptr) > 0) {
        checker.error(node, std::string(name) + " must be an array of tables ([[" +
                                std::string(name) + "]])");
        return {};
    }
    return tables;
}

// Names must be unique: remembers the line of each, reports a second use.
void check_unique(Checker& checker, const toml::table& table, std::string_view kind,
                  std::map<std::string, toml::source_index>& seen) {
    const toml::node* name = table.get("name");
    if (!name || !name->is_string())
        return;
    const std::string& text = name->as_string()->get();
    auto [it, inserted] = seen.emplace(text, name->source().begin.line);
    if (!inserted)
        checker.error(*name, "duplicate " + std::string(kind) + " name " + in_quotes(text) +
                                 " (first at line " + std::to_string(it->second) + ")");
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

// "HH:MM", 00:00 to 23:59.
std::optional<std::chrono::minutes> read_time_of_day(Checker& checker, const toml::node& node,
                                                     std::string_view what) {
    const auto* value = node.as_string();
    const std::string text = value ? value->get() : "";
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() == 5 && digit(0) && digit(1) && text[2] == ':' && digit(3) && digit(4)) {
        int hours = (text[0] - '0') * 10 + (text[1] - '0');
        int minutes = (text[3] - '0') * 10 + (text[4] - '0');
        if (hours < 24 && minutes < 60)
            return std::chrono::minutes(hours * 60 + minutes);
    }
    checker.error(node, std::string(what) + " must be a time of day \"HH:MM\" (UTC)");
    return std::nullopt;
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
    read_keys(c, *table, "[import]",
              {
                  {"grace_days",
                   [&](auto& n) {
                       set_if(import.grace_days,
                              read_integer<unsigned>(c, n, "import.grace_days", k_positive));
                   }},
                  {"guard_min_count",
                   [&](auto& n) {
                       set_if(import.guard_min_count,
                              read_integer<std::uint64_t>(c, n, "import.guard_min_count",
                                                          k_non_negative));
                   }},
                  {"guard_max_percent",
                   [&](auto& n) {
                       set_if(import.guard_max_percent,
                              read_percent(c, n, "import.guard_max_percent"));
                   }},
                  {"block_size",
                   [&](auto& n) {
                       set_if(import.block_size,
                              read_integer<std::size_t>(c, n, "import.block_size", k_positive));
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

Provider read_provider(Checker& checker, const toml::table& table) {
    Provider provider;
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
            {"push", [&](auto& n) { provider.push = read_push(c, n); }},
        });
    require_keys(c, table, "[[provider]]", {"name"});
    if (!table.contains("outbox") && !table.contains("push"))
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
}

// ---- reading the file ----

Result<std::string> read_whole_file(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(ErrorCode::Config, path.string() + ": cannot read: " + std::strerror(errno));
    std::string text;
    char buffer[65536];
    ssize_t count;
    while ((count = ::read(fd, buffer, sizeof buffer)) != 0) {
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0) {
            int error = errno;
            ::close(fd);
            return fail(ErrorCode::Config,
                        path.string() + ": cannot read: " + std::strerror(error));
        }
        text.append(buffer, static_cast<std::size_t>(count));
    }
    ::close(fd);
    return text;
}

// ---- rendering ----

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
    if (provider.push)
        render_push(out, *provider.push);
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
    toml::table root;
    try {
        root = toml::parse(std::string_view(text), std::string_view(name));
    } catch (const toml::parse_error& error) {
        return fail(ErrorCode::Config, name + ":" + std::to_string(error.source().begin.line) +
                                           ": " + std::string(error.description()));
    }
    Checker checker(name);
    Config config = default_config();
    config.file = name;
    read_root(checker, root, config);
    if (checker.first())
        return fail(ErrorCode::Config, *checker.first());
    return config;
}

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
