// The TOML reading kit (see toml_reader.hpp): typed getters, key tables, the file read
// and parsed. Every message names the key and what it must be.
#include "config/toml_reader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "util/file.hpp"

namespace aafd::config {
namespace {

bool is_name(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

// Edits between two short keys: insertions, deletions, substitutions and swaps of two
// neighbours ("hots" is one edit from "host"); the optimal string alignment distance.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min(
                {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

// " (did you mean 'KEY'?)" for the known key nearest to `key`, when it is a likely typo:
// at most 2 edits, and fewer than half the key's length.
std::string nearest_key_hint(std::string_view key, const std::vector<KeyHandler>& handlers) {
    std::string_view best;
    std::size_t best_distance = 3;
    for (const KeyHandler& handler : handlers) {
        std::size_t distance = edit_distance(key, handler.key);
        if (distance < best_distance && 2 * distance < key.size()) {
            best = handler.key;
            best_distance = distance;
        }
    }
    return best.empty() ? "" : " (did you mean " + in_quotes(best) + "?)";
}

} // namespace

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
        if (!where.empty())
            message += " in " + std::string(where);
        checker.error(key.source(), message + nearest_key_hint(key.str(), handlers));
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

Result<std::string> read_whole_file(const std::filesystem::path& path) {
    Fd fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (!fd)
        return fail(ErrorCode::Config, path.string() + ": cannot read: " + std::strerror(errno));
    std::string text;
    char buffer[65536];
    ssize_t count;
    while ((count = ::read(fd.get(), buffer, sizeof buffer)) != 0) {
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0)
            return fail(ErrorCode::Config,
                        path.string() + ": cannot read: " + std::strerror(errno));
        text.append(buffer, static_cast<std::size_t>(count));
    }
    return text;
}

Result<toml::table> parse_toml(const std::string& text, const std::string& name) {
    try {
        return toml::parse(std::string_view(text), std::string_view(name));
    } catch (const toml::parse_error& error) {
        return fail(ErrorCode::Config, name + ":" + std::to_string(error.source().begin.line) +
                                           ": " + std::string(error.description()));
    }
}

} // namespace aafd::config
