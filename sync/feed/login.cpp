// Login generation: ICU folds names to ASCII, the rest is plain byte work on a-z, 0-9 and
// separators.
#include "sync/feed/login.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <variant>

namespace aafd::sync {
namespace {

// Any script to Latin, then combining marks removed and the remaining Latin letters
// (ø, ł, ß, œ, þ…) spelled in ASCII. The leading filter hands ICU only the non-ASCII runs,
// which more than halves the time on French names.
constexpr const char* k_fold_rules = "[:^ASCII:] Any-Latin; NFD; [:Nonspacing Mark:] Remove; "
                                     "NFC; Latin-ASCII";
constexpr int k_max_clash_number = 999999;

// Built once: building parses ICU's rule data, which takes milliseconds.
const icu::Transliterator& fold_prototype() {
    static const std::unique_ptr<icu::Transliterator> prototype = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> built(icu::Transliterator::createInstance(
            icu::UnicodeString::fromUTF8(k_fold_rules), UTRANS_FORWARD, status));
        if (U_FAILURE(status) || !built)
            throw std::runtime_error(std::string("ICU cannot build the transliterator '") +
                                     k_fold_rules + "': " + u_errorName(status));
        return built;
    }();
    return *prototype;
}

// Each thread transliterates with its own clone: ICU objects are not shared while in use.
const icu::Transliterator& thread_transliterator() {
    thread_local const std::unique_ptr<icu::Transliterator> clone(fold_prototype().clone());
    return *clone;
}

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_separator(char c) { return c == '.' || c == '-' || c == '_'; }
bool is_letter(char c) { return c >= 'a' && c <= 'z'; }

std::string transliterated(std::string_view utf8) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
    thread_transliterator().transliterate(text);
    std::string ascii;
    text.toUTF8String(ascii);
    return ascii;
}

// Keeps a-z and 0-9 (upper case lowered) and single inner hyphens; drops the rest.
std::string keep_login_chars(std::string_view text) {
    std::string kept;
    bool hyphen = false;
    for (char c : text) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c == '-') {
            hyphen = !kept.empty();
            continue;
        }
        if (!is_letter(c) && !(c >= '0' && c <= '9'))
            continue;
        if (hyphen)
            kept += '-';
        hyphen = false;
        kept += c;
    }
    return kept;
}

// Drops leading and trailing separators and keeps only the first of a run.
std::string tidy_separators(std::string_view text) {
    std::string tidy;
    for (char c : text)
        if (!is_separator(c) || (!tidy.empty() && !is_separator(tidy.back())))
            tidy += c;
    while (!tidy.empty() && is_separator(tidy.back()))
        tidy.pop_back();
    return tidy;
}

// The first `length` bytes, without trailing separators.
std::string cut(std::string_view text, std::size_t length) {
    std::string result(text.substr(0, length));
    while (!result.empty() && is_separator(result.back()))
        result.pop_back();
    return result;
}

std::string fill(const LoginPattern& pattern, const std::string& first, const std::string& last) {
    std::string filled;
    for (const auto& part : pattern.parts) {
        if (const auto* literal = std::get_if<std::string>(&part)) {
            filled += *literal;
            continue;
        }
        switch (std::get<LoginPlaceholder>(part)) {
        case LoginPlaceholder::First:
            filled += first;
            break;
        case LoginPlaceholder::Last:
            filled += last;
            break;
        case LoginPlaceholder::FirstInitial:
            filled += first.substr(0, 1);
            break;
        }
    }
    return filled;
}

} // namespace

Result<LoginRule> make_login_rule(std::string_view pattern, std::size_t max_length) {
    auto parsed = parse_login_pattern(pattern);
    if (!parsed)
        return std::unexpected(parsed.error());
    if (max_length < k_login_min_length || max_length > k_login_max_length)
        return fail(ErrorCode::Config, "login max length " + std::to_string(max_length) +
                                           " is outside " + std::to_string(k_login_min_length) +
                                           "-" + std::to_string(k_login_max_length));
    return LoginRule{std::move(*parsed), max_length};
}

std::string fold_login_part(std::string_view utf8) {
    return keep_login_chars(is_ascii(utf8) ? std::string(utf8) : transliterated(utf8));
}

Result<std::string> login_base(const LoginRule& rule, std::string_view first,
                               std::string_view last) {
    std::string filled = fill(rule.pattern, fold_login_part(first), fold_login_part(last));
    std::string base = cut(tidy_separators(filled), rule.max_length);
    if (std::none_of(base.begin(), base.end(), is_letter))
        return fail(ErrorCode::BadInput, "the names give no usable login (no letter a-z once "
                                         "folded)");
    return base;
}

std::string fallback_login_base(std::string_view id, std::size_t max_length) {
    std::string base = "user";
    for (char c : id)
        if (c >= '0' && c <= '9')
            base += c;
    return base.substr(0, max_length);
}

Result<std::string> first_free_login(std::string_view base, std::size_t max_length,
                                     const LoginTaken& is_taken) {
    for (int number = 1; number <= k_max_clash_number; ++number) {
        std::string suffix = number == 1 ? "" : std::to_string(number);
        std::string login = cut(base, max_length - std::min(max_length, suffix.size())) + suffix;
        auto taken = is_taken(login);
        if (!taken)
            return std::unexpected(taken.error());
        if (!*taken)
            return login;
    }
    return fail(ErrorCode::Internal, "no free login: the base and every number from 2 to " +
                                         std::to_string(k_max_clash_number) + " are taken");
}

} // namespace aafd::sync
