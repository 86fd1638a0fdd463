// The pattern logins are made from ([accounts] login_pattern): literal characters
// (a-z, 0-9, '.', '-', '_') and the placeholders {first}, {last} and {first_initial}.
// Parsed here, in util, so that the configuration rejects a bad pattern with its file and
// line and the login generator (sync/feed/login) fills the same parsed form.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/error.hpp"

namespace aafd {

enum class LoginPlaceholder { First, Last, FirstInitial };

inline constexpr std::string_view k_default_login_pattern = "{first}.{last}";

struct LoginPattern {
    std::string text = std::string(k_default_login_pattern);
    // Literal text and placeholders, in order; never two literals in a row.
    std::vector<std::variant<std::string, LoginPlaceholder>> parts = {
        LoginPlaceholder::First, std::string("."), LoginPlaceholder::Last};

    bool operator==(const LoginPattern&) const = default;
};

// Errors (ErrorCode::Config) name the pattern and what is wrong: an unknown placeholder,
// an unclosed '{', a stray '}', a character not allowed, no {last}.
Result<LoginPattern> parse_login_pattern(std::string_view text);

} // namespace aafd
