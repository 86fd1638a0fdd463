// UTF-8 validation and single-byte transcoding for the encodings AAF files declare.
#include "parsers/text_encoding.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace aafd {
namespace {

constexpr std::uint64_t k_ones = 0x0101010101010101ull;
constexpr std::uint64_t k_high_bits = 0x8080808080808080ull;

// True when the 8 bytes at `p` are all ASCII and none is NUL: the common case, skipped
// a word at a time.
bool plain_ascii_word(const unsigned char* p) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    const std::uint64_t zero_bytes = (word - k_ones) & ~word;
    return ((word | zero_bytes) & k_high_bits) == 0;
}

// The length of the run of plain ASCII (no NUL) at the start of p[0, n), a multiple of 8
// or 16 bytes: the bytes after it still need a look one by one.
std::size_t plain_ascii_prefix(const unsigned char* p, std::size_t n) {
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i flagged = _mm_or_si128(bytes, _mm_cmpeq_epi8(bytes, zero));
        if (_mm_movemask_epi8(flagged) != 0) // a high bit: non-ASCII or NUL
            break;
    }
#endif
    while (i + 8 <= n && plain_ascii_word(p + i))
        i += 8;
    return i;
}

// Length of the UTF-8 sequence a lead byte starts; 0 for a byte that cannot lead one.
std::size_t sequence_length(unsigned char lead) {
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

// The second byte's range excludes overlong forms, surrogates and code points above
// U+10FFFF; later bytes are plain continuation bytes.
bool valid_follower(unsigned char lead, std::size_t index, unsigned char byte) {
    if (index > 1)
        return (byte & 0xC0) == 0x80;
    switch (lead) {
    case 0xE0:
        return byte >= 0xA0 && byte <= 0xBF;
    case 0xED:
        return byte >= 0x80 && byte <= 0x9F;
    case 0xF0:
        return byte >= 0x90 && byte <= 0xBF;
    case 0xF4:
        return byte >= 0x80 && byte <= 0x8F;
    default:
        return (byte & 0xC0) == 0x80;
    }
}

enum class Utf8Stop { End, Truncated, Invalid, Nul };

struct Utf8Scan {
    std::size_t valid; // bytes of complete, valid text
    Utf8Stop stop;     // why the scan stopped at `valid`
};

// Checks bytes as UTF-8 up to the first problem. Truncated: the bytes end inside a
// sequence that is valid so far.
Utf8Scan scan_utf8(const unsigned char* p, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
        i += plain_ascii_prefix(p + i, n - i);
        if (i == n)
            break;
        const unsigned char lead = p[i];
        if (lead < 0x80) {
            if (lead == 0)
                return {i, Utf8Stop::Nul};
            ++i;
            continue;
        }
        const std::size_t length = sequence_length(lead);
        if (length == 0)
            return {i, Utf8Stop::Invalid};
        const std::size_t available = std::min(length, n - i);
        for (std::size_t k = 1; k < available; ++k)
            if (!valid_follower(lead, k, p[i + k]))
                return {i, Utf8Stop::Invalid};
        if (available < length)
            return {i, Utf8Stop::Truncated};
        i += length;
    }
    return {n, Utf8Stop::End};
}

// A character of a single-byte encoding, already encoded as UTF-8.
struct Utf8Char {
    unsigned char size;
    std::array<char, 3> bytes;
};

constexpr Utf8Char encode(char16_t code_point) {
    if (code_point < 0x800)
        return {2,
                {static_cast<char>(0xC0 | (code_point >> 6)),
                 static_cast<char>(0x80 | (code_point & 0x3F)), 0}};
    return {3,
            {static_cast<char>(0xE0 | (code_point >> 12)),
             static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)),
             static_cast<char>(0x80 | (code_point & 0x3F))}};
}

using HighHalf = std::array<Utf8Char, 128>; // bytes 0x80–0xFF

// windows-1252's 0x80–0x9F; its five unassigned bytes keep their C1 code points.
constexpr std::array<char16_t, 32> k_windows_1252_c1{
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

struct Latin9Difference {
    unsigned char byte;
    char16_t code_point;
};
// The eight places where ISO-8859-15 differs from ISO-8859-1.
constexpr std::array<Latin9Difference, 8> k_latin9_differences{{{0xA4, 0x20AC},
                                                                {0xA6, 0x0160},
                                                                {0xA8, 0x0161},
                                                                {0xB4, 0x017D},
                                                                {0xB8, 0x017E},
                                                                {0xBC, 0x0152},
                                                                {0xBD, 0x0153},
                                                                {0xBE, 0x0178}}};

constexpr HighHalf make_windows_1252() {
    HighHalf table{};
    for (unsigned byte = 0x80; byte <= 0xFF; ++byte)
        table[byte - 0x80] =
            encode(byte < 0xA0 ? k_windows_1252_c1[byte - 0x80] : static_cast<char16_t>(byte));
    return table;
}

constexpr HighHalf make_latin9() {
    HighHalf table{};
    for (unsigned byte = 0x80; byte <= 0xFF; ++byte)
        table[byte - 0x80] = encode(static_cast<char16_t>(byte));
    for (const auto& difference : k_latin9_differences)
        table[difference.byte - 0x80] = encode(difference.code_point);
    return table;
}

constexpr HighHalf k_windows_1252 = make_windows_1252();
constexpr HighHalf k_latin9 = make_latin9();

// Transcodes a single-byte text; stops before a NUL byte and says so.
DecodeStatus transcode(const HighHalf& table, std::string_view bytes, std::string& out) {
    DecodeStatus status;
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    const std::size_t old_size = out.size();
    out.resize_and_overwrite(old_size + 3 * n, [&](char* buffer, std::size_t) {
        char* write = buffer + old_size;
        std::size_t i = 0;
        while (i < n) {
            if (i + 8 <= n && plain_ascii_word(in + i)) {
                std::memcpy(write, in + i, 8);
                write += 8;
                i += 8;
                continue;
            }
            const unsigned char byte = in[i++];
            if (byte == 0) {
                status.problem = DecodeProblem::NulByte;
                break;
            }
            if (byte < 0x80) {
                *write++ = static_cast<char>(byte);
                continue;
            }
            const Utf8Char& character = table[byte - 0x80];
            std::memcpy(write, character.bytes.data(), character.size);
            write += character.size;
        }
        return static_cast<std::size_t>(write - buffer);
    });
    return status;
}

DecodeStatus status_of(const Utf8Scan& scan, const unsigned char* bytes) {
    switch (scan.stop) {
    case Utf8Stop::Nul:
        return {DecodeProblem::NulByte, 0};
    case Utf8Stop::Invalid:
        return {DecodeProblem::InvalidUtf8, bytes[scan.valid]};
    default:
        return {};
    }
}

std::string lower_trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    const auto last = text.find_last_not_of(" \t");
    std::string out;
    if (first == std::string_view::npos)
        return out;
    for (char c : text.substr(first, last - first + 1))
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

} // namespace

std::optional<TextEncoding> encoding_from_name(std::string_view name) {
    struct Alias {
        std::string_view name;
        TextEncoding encoding;
    };
    static constexpr Alias k_aliases[] = {
        {"utf-8", TextEncoding::Utf8},
        {"utf8", TextEncoding::Utf8},
        {"us-ascii", TextEncoding::Utf8},
        {"ascii", TextEncoding::Utf8},
        {"iso-8859-1", TextEncoding::Latin1},
        {"iso8859-1", TextEncoding::Latin1},
        {"iso_8859-1", TextEncoding::Latin1},
        {"latin1", TextEncoding::Latin1},
        {"latin-1", TextEncoding::Latin1},
        {"l1", TextEncoding::Latin1},
        {"iso-8859-15", TextEncoding::Latin9},
        {"iso8859-15", TextEncoding::Latin9},
        {"iso_8859-15", TextEncoding::Latin9},
        {"latin9", TextEncoding::Latin9},
        {"latin-9", TextEncoding::Latin9},
        {"l9", TextEncoding::Latin9},
        {"windows-1252", TextEncoding::Windows1252},
        {"cp1252", TextEncoding::Windows1252},
        {"x-cp1252", TextEncoding::Windows1252},
    };
    const std::string key = lower_trimmed(name);
    for (const auto& alias : k_aliases)
        if (alias.name == key)
            return alias.encoding;
    return std::nullopt;
}

DecodeStatus TextDecoder::decode(std::string_view bytes, std::string& out) {
    switch (m_encoding) {
    case TextEncoding::Utf8:
        return decode_utf8(bytes, out);
    case TextEncoding::Latin9:
        return transcode(k_latin9, bytes, out);
    case TextEncoding::Latin1:
    case TextEncoding::Windows1252:
        return transcode(k_windows_1252, bytes, out);
    }
    return {};
}

DecodeStatus TextDecoder::finish() const {
    if (m_pending_size > 0)
        return {DecodeProblem::TruncatedUtf8, static_cast<unsigned char>(m_pending[0])};
    return {};
}

// Feeds the start of `bytes` to a sequence held back from the previous piece.
DecodeStatus TextDecoder::complete_pending(std::string_view& bytes, std::string& out) {
    const auto lead = static_cast<unsigned char>(m_pending[0]);
    const std::size_t missing = sequence_length(lead) - m_pending_size;
    const std::size_t taken = std::min(missing, bytes.size());
    std::memcpy(m_pending.data() + m_pending_size, bytes.data(), taken);
    const auto* sequence = reinterpret_cast<const unsigned char*>(m_pending.data());
    const Utf8Scan scan = scan_utf8(sequence, m_pending_size + taken);
    if (scan.stop == Utf8Stop::Invalid)
        return status_of(scan, sequence);
    bytes.remove_prefix(taken);
    m_pending_size += taken;
    if (scan.stop == Utf8Stop::End) {
        out.append(m_pending.data(), m_pending_size);
        m_pending_size = 0;
    }
    return {};
}

DecodeStatus TextDecoder::decode_utf8(std::string_view bytes, std::string& out) {
    if (m_pending_size > 0) {
        if (DecodeStatus status = complete_pending(bytes, out); !status.ok())
            return status;
        if (m_pending_size > 0)
            return {}; // the piece was too short to finish the sequence
    }
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
    const Utf8Scan scan = scan_utf8(in, bytes.size());
    out.append(bytes.data(), scan.valid);
    if (scan.stop == Utf8Stop::Truncated) {
        m_pending_size = bytes.size() - scan.valid;
        std::memcpy(m_pending.data(), bytes.data() + scan.valid, m_pending_size);
        return {};
    }
    return status_of(scan, in);
}

} // namespace aafd
