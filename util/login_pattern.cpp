// Parses login patterns: "{first}.{last}" -> First, ".", Last.
#include "util/login_pattern.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace aafd {
namespace {

constexpr std::array<std::pair<std::string_view, LoginPlaceholder>, 3> k_placeholders = {{
    {"first", LoginPlaceholder::First},
    {"last", LoginPlaceholder::Last},
    {"first_initial", LoginPlaceholder::FirstInitial},
}};

bool is_literal_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

std::optional<LoginPlaceholder> placeholder_named(std::string_view name) {
    for (const auto& [known, placeholder] : k_placeholders)
        if (known == name)
            return placeholder;
    return std::nullopt;
}

std::unexpected<Error> pattern_error(std::string_view text, const std::string& problem) {
    return fail(ErrorCode::Config, "login pattern '" + std::string(text) + "' " + problem);
}

// A character for a message: itself when printable ASCII, its byte value otherwise.
std::string shown(char c) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f)
        return "'" + std::string(1, c) + "'";
    return "byte " + std::to_string(byte);
}

} // namespace

Result<LoginPattern> parse_login_pattern(std::string_view text) {
    LoginPattern pattern{std::string(text), {}};
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '{') {
            auto close = text.find('}', i);
            if (close == std::string_view::npos)
                return pattern_error(text, "has a '{' without its '}'");
            std::string_view name = text.substr(i + 1, close - i - 1);
            auto placeholder = placeholder_named(name);
            if (!placeholder)
                return pattern_error(text, "has an unknown placeholder {" + std::string(name) +
                                               "} (expected {first}, {last} or "
                                               "{first_initial})");
            pattern.parts.emplace_back(*placeholder);
            i = close + 1;
            continue;
        }
        if (c == '}')
            return pattern_error(text, "has a '}' without its '{'");
        if (!is_literal_char(c))
            return pattern_error(text, "has " + shown(c) +
                                           " (allowed: a-z, 0-9, '.', '-', '_' and placeholders)");
        if (pattern.parts.empty() || !std::holds_alternative<std::string>(pattern.parts.back()))
            pattern.parts.emplace_back(std::string());
        std::get<std::string>(pattern.parts.back()) += c;
        ++i;
    }
    auto is_last = [](const auto& part) {
        const auto* placeholder = std::get_if<LoginPlaceholder>(&part);
        return placeholder && *placeholder == LoginPlaceholder::Last;
    };
    if (std::none_of(pattern.parts.begin(), pattern.parts.end(), is_last))
        return pattern_error(text, "has no {last}");
    return pattern;
}

} // namespace aafd
