// Specification of util/login_pattern.hpp: what a login pattern may hold, and the exact
// message for each mistake.
#include <doctest/doctest.h>

#include "util/login_pattern.hpp"

using namespace aafd;

namespace {

using Part = std::variant<std::string, LoginPlaceholder>;

std::string error_of(std::string_view text) {
    auto pattern = parse_login_pattern(text);
    if (pattern)
        return "(no error)";
    CHECK(pattern.error().code == ErrorCode::Config);
    return pattern.error().message;
}

} // namespace

TEST_CASE("parse_login_pattern splits literals and placeholders") {
    auto pattern = parse_login_pattern("{first_initial}_{last}.x1-{first}");
    REQUIRE(pattern.has_value());
    CHECK(pattern->text == "{first_initial}_{last}.x1-{first}");
    CHECK(pattern->parts == std::vector<Part>{LoginPlaceholder::FirstInitial, std::string("_"),
                                              LoginPlaceholder::Last, std::string(".x1-"),
                                              LoginPlaceholder::First});
    CHECK(parse_login_pattern("{last}")->parts == std::vector<Part>{LoginPlaceholder::Last});
}

TEST_CASE("the default pattern is {first}.{last}, parsed") {
    LoginPattern pattern;
    CHECK(pattern.text == "{first}.{last}");
    CHECK(parse_login_pattern(k_default_login_pattern) == pattern);
}

TEST_CASE("parse_login_pattern names what is wrong") {
    CHECK(error_of("{prenom}.{last}") == "login pattern '{prenom}.{last}' has an unknown "
                                         "placeholder {prenom} (expected {first}, {last} or "
                                         "{first_initial})");
    CHECK(error_of("{First}.{last}") == "login pattern '{First}.{last}' has an unknown "
                                        "placeholder {First} (expected {first}, {last} or "
                                        "{first_initial})");
    CHECK(error_of("{}{last}") == "login pattern '{}{last}' has an unknown placeholder {} "
                                  "(expected {first}, {last} or {first_initial})");
    CHECK(error_of("{last}.{first") == "login pattern '{last}.{first' has a '{' without its '}'");
    CHECK(error_of("{last}}") == "login pattern '{last}}' has a '}' without its '{'");
    CHECK(error_of("{first} {last}") ==
          "login pattern '{first} {last}' has ' ' (allowed: a-z, 0-9, '.', '-', '_' and "
          "placeholders)");
    CHECK(error_of("X{last}") == "login pattern 'X{last}' has 'X' (allowed: a-z, 0-9, '.', '-', "
                                 "'_' and placeholders)");
    CHECK(error_of("\xC3\xA9{last}") == "login pattern '\xC3\xA9{last}' has byte 195 (allowed: "
                                        "a-z, 0-9, '.', '-', '_' and placeholders)");
    CHECK(error_of("{first}") == "login pattern '{first}' has no {last}");
    CHECK(error_of("") == "login pattern '' has no {last}");
}
