// Parsing export file names and archive names. Names are split at underscores from the
// right: the category is then a whole field, so "_PersRelEleve_" never reads as "Eleve",
// and the prefix keeps whatever underscores and dashes it has.
#include "parsers/export_file_name.hpp"

#include <algorithm>
#include <charconv>

namespace aafd {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_alnum(char c) { return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z'); }

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           std::ranges::equal(text.substr(text.size() - suffix.size()), suffix,
                              [](char a, char b) { return lower(a) == lower(b); });
}

bool contains_ignoring_case(std::string_view text, std::string_view word) {
    return !std::ranges::search(text, word, [](char a, char b) {
                return lower(a) == lower(b);
            }).empty();
}

// Removes the last '_'-separated field from `text` and returns it; the whole text when
// there is no '_' (`text` is then empty).
std::string_view pop_field(std::string_view& text) {
    const auto underscore = text.rfind('_');
    const std::string_view field =
        underscore == std::string_view::npos ? text : text.substr(underscore + 1);
    text = underscore == std::string_view::npos ? std::string_view() : text.substr(0, underscore);
    return field;
}

std::optional<unsigned> parse_number(std::string_view digits) {
    unsigned value = 0;
    if (digits.empty() || !std::ranges::all_of(digits, is_digit))
        return std::nullopt;
    const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (parsed.ec != std::errc())
        return std::nullopt;
    return value;
}

// The first run of at least 8 digits read as YYYYMMDD.
std::optional<Date> first_compact_date(std::string_view name) {
    std::size_t i = 0;
    while (i < name.size()) {
        if (!is_digit(name[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < name.size() && is_digit(name[end]))
            ++end;
        if (end - i >= 8)
            return parse_compact_date(name.substr(i, 8));
        i = end;
    }
    return std::nullopt;
}

} // namespace

std::optional<ExportFileName> parse_export_file_name(std::string_view base_name) {
    if (!ends_with_ignoring_case(base_name, ".xml"))
        return std::nullopt;
    std::string_view rest = base_name.substr(0, base_name.size() - 4);
    const auto chunk = parse_number(pop_field(rest));
    const auto category = category_from_file_token(pop_field(rest));
    const auto date = parse_compact_date(pop_field(rest));
    const auto kind = set_kind_from_name(pop_field(rest));
    if (!chunk || !category || !date || !kind)
        return std::nullopt;
    return ExportFileName{std::string(rest), *kind,  *date,
                          *category,         *chunk, flow_from_file_name(rest)};
}

// Archive names are recognised by their extension (.tgz, .tar.gz, .zip); any other name
// tells nothing and gives an empty ArchiveName.
ArchiveName parse_archive_name(std::string_view base_name) {
    const bool archive = ends_with_ignoring_case(base_name, ".tgz") ||
                         ends_with_ignoring_case(base_name, ".tar.gz") ||
                         ends_with_ignoring_case(base_name, ".zip");
    if (!archive)
        return {};
    return ArchiveName{flow_from_file_name(base_name),
                       contains_ignoring_case(base_name, "delta") ? SetKind::Delta : SetKind::Full,
                       first_compact_date(base_name)};
}

// "ENT1D"/"ENT2D" (any case) at the start of the name or after a non-alphanumeric
// character: "clean-ENT2DVA-ENT16" is 2D, "FULL_ENTTSSERVICES" and "ENT_0061594A" say
// nothing.
std::optional<Flow> flow_from_file_name(std::string_view base_name) {
    for (std::size_t i = 0; i + 5 <= base_name.size(); ++i) {
        const std::string_view word = base_name.substr(i, 5);
        if ((i > 0 && is_alnum(base_name[i - 1])) || lower(word[0]) != 'e' ||
            lower(word[1]) != 'n' || lower(word[2]) != 't' || lower(word[4]) != 'd')
            continue;
        if (word[3] == '1')
            return Flow::First;
        if (word[3] == '2')
            return Flow::Second;
    }
    return std::nullopt;
}

} // namespace aafd
