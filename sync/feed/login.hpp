// ENT logins, pure: names folded to lower-case ASCII (ICU transliteration), a pattern
// filled and capped ([accounts] login_pattern, login_max_length), the next free number
// on a clash. A login is made once, when its account is created, and never recomputed.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "util/error.hpp"
#include "util/login_pattern.hpp"

namespace aafd::sync {

// Bounds of LoginRule::max_length (the configuration checks the same bounds).
inline constexpr std::size_t k_login_min_length = 8;
inline constexpr std::size_t k_login_max_length = 64;

// [accounts] login_pattern and login_max_length: daemon/ makes the rule from them
// (make_login_rule). config::Accounts declares the default length; both take the default
// pattern from util/login_pattern.hpp.
struct LoginRule {
    LoginPattern pattern; // k_default_login_pattern by default
    std::size_t max_length{};
};

// ErrorCode::Config when the pattern is bad (see parse_login_pattern) or max_length is
// outside k_login_min_length..k_login_max_length.
Result<LoginRule> make_login_rule(std::string_view pattern, std::size_t max_length);

// One name as it goes into a login: every script transliterated to Latin, accents folded
// (ICU), lower-case a-z and 0-9; apostrophes, spaces and every other sign dropped; hyphens
// kept, collapsed, never leading or trailing. "D'ALMEIDA-NUÑEZ" -> "dalmeida-nunez",
// "de La Fontaine" -> "delafontaine", "Œdipe" -> "oedipe", "张伟" -> "zhangwei".
// Invalid UTF-8 bytes are dropped. Thread-safe. Throws std::runtime_error only when ICU
// cannot build its transliterator (its data missing: an installation fault).
std::string fold_login_part(std::string_view utf8);

// The pattern filled with the folded names. Separators ('.', '-', '_') left leading,
// trailing or doubled by an empty name are dropped ("{first}.{last}" with no first name
// gives the last name alone), then the result is cut to max_length, never ending with a
// separator. ErrorCode::BadInput when no letter remains (names made of signs, emoji or
// digits only): the caller then uses fallback_login_base. The message holds no name.
Result<std::string> login_base(const LoginRule& rule, std::string_view first,
                               std::string_view last);

// "user" followed by the digits of an AAF id ("user" alone when it has none), cut to
// max_length.
std::string fallback_login_base(std::string_view id, std::size_t max_length);

// Says whether a login is already held by someone; errors (a store failure) are passed on.
using LoginTaken = std::function<Result<bool>(const std::string&)>;

// The first of base, base2, base3… that is not taken, the base cut (and stripped of
// trailing separators) so that base and number fit max_length: "marie.martin2".
// REQUIRES: base comes from login_base or fallback_login_base with the same max_length.
// ErrorCode::Internal when every number up to 999999 is taken (a broken is_taken).
Result<std::string> first_free_login(std::string_view base, std::size_t max_length,
                                     const LoginTaken& is_taken);

} // namespace aafd::sync
