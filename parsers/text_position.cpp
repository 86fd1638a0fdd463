// Line counting, with an SSE2 path: it runs over every byte of every block, so it must
// cost little next to the XML parse.
#include "parsers/text_position.hpp"

#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace aafd {
namespace {

bool lone_cr(std::string_view text, std::size_t i) {
    return text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n');
}

std::uint64_t count_scalar(std::string_view text, std::size_t begin, std::size_t end) {
    std::uint64_t count = 0;
    for (std::size_t i = begin; i < end; ++i)
        count += text[i] == '\n' || lone_cr(text, i);
    return count;
}

} // namespace

std::uint64_t count_line_ends(std::string_view text, std::size_t begin, std::size_t end) {
    std::uint64_t count = 0;
    std::size_t i = begin;
#if defined(__SSE2__)
    // 16 bytes at a time; the second load, one byte further, tells whether each "\r" is
    // followed by "\n". It must stay inside the text, hence i + 17 <= size.
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    for (; i + 16 <= end && i + 17 <= text.size(); i += 16) {
        const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
        const __m128i next =
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i + 1));
        const auto lf_mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(here, lf)));
        const auto cr_mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(here, cr)));
        if (cr_mask == 0) {
            count += static_cast<unsigned>(std::popcount(lf_mask));
            continue;
        }
        const auto lf_next =
            static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(next, lf)));
        count += static_cast<unsigned>(std::popcount(lf_mask) + std::popcount(cr_mask & ~lf_next));
    }
#endif
    return count + count_scalar(text, i, end);
}

TextPosition position_in(std::string_view text, std::size_t offset, std::uint64_t first_line) {
    TextPosition position{first_line + count_line_ends(text, 0, offset), 1};
    std::size_t line_start = offset;
    while (line_start > 0 && text[line_start - 1] != '\n' && text[line_start - 1] != '\r')
        --line_start;
    for (std::size_t i = line_start; i < offset; ++i)
        position.column += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return position;
}

std::uint64_t LineCursor::line_at(std::size_t offset) {
    if (offset < m_offset) {
        m_offset = 0;
        m_line = m_first_line;
    }
    m_line += count_line_ends(m_text, m_offset, offset);
    m_offset = offset;
    return m_line;
}

} // namespace aafd
