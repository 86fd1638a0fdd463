// Line counting, with an SSE2 path: it runs over every byte of every block, so it must
// cost little next to the XML parse.
#include "parsers/text_position.hpp"

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

#if defined(__SSE2__)
// Sum of the 16 byte counters of `counts`.
std::uint64_t sum_bytes(__m128i counts) {
    const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
    return static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
           static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
}
#endif

std::uint64_t count_line_ends(std::string_view text, std::size_t begin, std::size_t end) {
    std::uint64_t count = 0;
    std::size_t i = begin;
#if defined(__SSE2__)
    // 16 bytes at a time. A byte ends a line when it is "\n", or "\r" not followed by
    // "\n": the second load, one byte further, says what follows; it must stay inside the
    // text, hence i + 17 <= size. Line ends add up in 16 byte counters (each 0xFF match
    // subtracted is +1), summed before any can pass 255.
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    __m128i counts = _mm_setzero_si128();
    int rounds = 0;
    for (; i + 16 <= end && i + 17 <= text.size(); i += 16) {
        const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
        const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i + 1));
        const __m128i lone_cr =
            _mm_andnot_si128(_mm_cmpeq_epi8(next, lf), _mm_cmpeq_epi8(here, cr));
        counts = _mm_sub_epi8(counts, _mm_or_si128(_mm_cmpeq_epi8(here, lf), lone_cr));
        if (++rounds == 255) {
            count += sum_bytes(counts);
            counts = _mm_setzero_si128();
            rounds = 0;
        }
    }
    count += sum_bytes(counts);
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
