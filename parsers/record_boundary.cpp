// Finding record ends: memchr/memrchr for '>' and a backward look at the tag it closes.
#include "parsers/record_boundary.hpp"

#include <array>
#include <cstring>

namespace aafd {
namespace {

constexpr std::array<std::string_view, 3> k_closing_tags{"</addRequest", "</modifyRequest",
                                                         "</deleteRequest"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// True when text[close] is the '>' of a record's closing tag.
bool closes_record(std::string_view text, std::size_t close) {
    std::size_t end = close;
    while (end > 0 && is_space(text[end - 1]))
        --end;
    if (end == 0 || text[end - 1] != 't') // every name ends in "Request"
        return false;
    const std::string_view before = text.substr(0, end);
    for (std::string_view tag : k_closing_tags)
        if (before.ends_with(tag))
            return true;
    return false;
}

} // namespace

std::optional<std::size_t> last_record_end(std::string_view text, std::size_t limit) {
    std::size_t end = limit < text.size() ? limit : text.size();
    while (end > 0) {
        const void* found = memrchr(text.data(), '>', end);
        if (!found)
            break;
        const auto close = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
        if (closes_record(text, close))
            return close + 1;
        end = close;
    }
    return std::nullopt;
}

std::optional<std::size_t> first_record_end(std::string_view text, std::size_t from) {
    while (from < text.size()) {
        const void* found = std::memchr(text.data() + from, '>', text.size() - from);
        if (!found)
            break;
        const auto close = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
        if (closes_record(text, close))
            return close + 1;
        from = close + 1;
    }
    return std::nullopt;
}

} // namespace aafd
