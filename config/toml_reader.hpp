// The kit config.cpp reads its TOML file with: the file read and parsed, typed getters
// that report a bad value as "FILE:LINE: what must be …", key tables that reject unknown
// keys and name missing ones (and suggest the nearest known key). Internal to
// aafd_config, which alone sees toml++: the getters give std::nullopt after recording
// the error, so a reader goes on: a command reports the error on the earliest line,
// check-config every error.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "util/date.hpp"
#include "util/error.hpp"

namespace aafd::config {

// An accepted range of integers and how messages describe it.
struct IntegerRange {
    std::int64_t min;
    std::int64_t max;
    std::string_view description;
};

inline constexpr std::int64_t k_int_max = std::numeric_limits<std::int64_t>::max();
inline constexpr IntegerRange k_positive = {1, k_int_max, "a positive integer"};
inline constexpr IntegerRange k_non_negative = {0, k_int_max, "a non-negative integer"};
inline constexpr IntegerRange k_port = {1, 65535, "an integer from 1 to 65535"};

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
std::string in_quotes(std::string_view text);

// Collects the errors found in one file, as "NAME:LINE: message".
class Checker {
public:
    explicit Checker(std::string name) : m_name(std::move(name)) {}

    void error(const toml::source_region& where, const std::string& message) {
        m_errors.emplace(where.begin.line,
                         m_name + ":" + std::to_string(where.begin.line) + ": " + message);
    }
    void error(const toml::node& node, const std::string& message) {
        error(node.source(), message);
    }
    // The error on the earliest line (the first found of that line).
    std::optional<std::string> first() const {
        if (m_errors.empty())
            return std::nullopt;
        return m_errors.begin()->second;
    }
    // Every error, by line.
    std::vector<std::string> all() const {
        std::vector<std::string> errors;
        for (const auto& [line, message] : m_errors)
            errors.push_back(message);
        return errors;
    }

private:
    std::string m_name;
    std::multimap<toml::source_index, std::string> m_errors;
};

template <class T, class U>
void set_if(T& target, const std::optional<U>& value) {
    if (value)
        target = T(*value);
}

// ---- values: `what` names the key in messages ("source.port") ----

std::optional<std::string> read_string(Checker& checker, const toml::node& node,
                                       std::string_view what);
std::optional<std::filesystem::path> read_absolute_path(Checker& checker, const toml::node& node,
                                                        std::string_view what);
// A non-empty string of a-z, 0-9, '_' and '-'.
std::optional<std::string> read_name(Checker& checker, const toml::node& node,
                                     std::string_view what);
std::optional<double> read_percent(Checker& checker, const toml::node& node, std::string_view what);
std::optional<bool> read_bool(Checker& checker, const toml::node& node, std::string_view what);
std::optional<Date> read_date(Checker& checker, const toml::node& node, std::string_view what);
// "HH:MM", 00:00 to 23:59.
std::optional<std::chrono::minutes> read_time_of_day(Checker& checker, const toml::node& node,
                                                     std::string_view what);

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
                                                  std::string_view what, const ElementCheck& check);

template <std::size_t N>
ElementCheck one_of(std::string_view kind, const std::array<std::string_view, N>& choices) {
    return [kind, &choices](const std::string& item) -> std::optional<std::string> {
        if (contains(choices, item))
            return std::nullopt;
        return "has an unknown " + std::string(kind) + " " + in_quotes(item) +
               " (expected one of " + join(choices) + ")";
    };
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
               const std::vector<KeyHandler>& handlers);
void require_keys(Checker& checker, const toml::table& table, std::string_view where,
                  const std::vector<std::string_view>& keys);
const toml::table* read_table(Checker& checker, const toml::node& node, std::string_view name);
// The elements of an array of tables, or nothing (and an error) when it is not one.
std::vector<const toml::table*> read_table_array(Checker& checker, const toml::node& node,
                                                 std::string_view name);
// Names must be unique: remembers the line of each, reports a second use.
void check_unique(Checker& checker, const toml::table& table, std::string_view kind,
                  std::map<std::string, toml::source_index>& seen);

// ---- the file ----

// Errors: ErrorCode::Config, "PATH: cannot read: reason".
Result<std::string> read_whole_file(const std::filesystem::path& path);
// TOML syntax errors: ErrorCode::Config, "NAME:LINE: description".
Result<toml::table> parse_toml(const std::string& text, const std::string& name);

} // namespace aafd::config
