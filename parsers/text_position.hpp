// Lines and columns of offsets in a decoded text, as a person reads them in the original
// file: "\n", "\r\n" and a lone "\r" each end a line; a column counts characters (a
// UTF-8 sequence is one, as is an ISO-8859 byte it was transcoded from).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace aafd {

// Line ends among text[begin, end). A "\r" at end - 1 counts only when the byte after it
// (text[end], if any) is not "\n", so ranges that meet between "\r" and "\n" add up.
std::uint64_t count_line_ends(std::string_view text, std::size_t begin, std::size_t end);
inline std::uint64_t count_line_ends(std::string_view text) {
    return count_line_ends(text, 0, text.size());
}

struct TextPosition {
    std::uint64_t line = 1;
    std::uint64_t column = 1;
};

// Position of text[offset] when text[0] is at line `first_line`, column 1.
// REQUIRES: offset <= text.size().
TextPosition position_in(std::string_view text, std::size_t offset, std::uint64_t first_line);

// Lines of increasing offsets in one text, in time linear in the text overall.
class LineCursor {
public:
    LineCursor(std::string_view text, std::uint64_t first_line)
        : m_text(text), m_first_line(first_line), m_line(first_line) {}

    // Line of text[offset]. An offset below the previous one restarts from the text's
    // start (correct, only slower).
    std::uint64_t line_at(std::size_t offset);

private:
    std::string_view m_text;
    std::uint64_t m_first_line;
    std::size_t m_offset = 0;
    std::uint64_t m_line;
};

// A problem found at an offset of a text: the reader turns the offset into
// "FILE:LINE: message", or "FILE:LINE:COLUMN: message" when `with_column`.
struct TextProblem {
    std::size_t offset;
    std::string message;
    bool with_column = false;
};

} // namespace aafd
