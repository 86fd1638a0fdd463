// Escaping and cutting untrusted text for messages.
#include "util/printable_text.hpp"

#include <cstdio>

namespace aafd {
namespace {

// The length of a valid UTF-8 sequence led by `lead` (>= 0x80), and the range of its
// second byte, which excludes overlong forms, surrogates and code points past U+10FFFF.
struct Utf8Lead {
    std::size_t length; // 0: not a lead byte
    unsigned low;
    unsigned high;
};
Utf8Lead utf8_lead(unsigned lead) {
    if (lead >= 0xC2 && lead <= 0xDF)
        return {2, 0x80, 0xBF};
    if (lead >= 0xE0 && lead <= 0xEF)
        return {3, lead == 0xE0 ? 0xA0u : 0x80u, lead == 0xED ? 0x9Fu : 0xBFu};
    if (lead >= 0xF0 && lead <= 0xF4)
        return {4, lead == 0xF0 ? 0x90u : 0x80u, lead == 0xF4 ? 0x8Fu : 0xBFu};
    return {0, 0, 0};
}

// The length of the printable character at text[i], or 0 when its byte must be escaped.
std::size_t printable_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    if (byte(0) < 0x80)
        return byte(0) < 0x20 || byte(0) == 0x7F ? 0 : 1;
    const Utf8Lead lead = utf8_lead(byte(0));
    if (lead.length == 0 || i + lead.length > text.size() || byte(1) < lead.low ||
        byte(1) > lead.high)
        return 0;
    for (std::size_t k = 2; k < lead.length; ++k)
        if (byte(k) < 0x80 || byte(k) > 0xBF)
            return 0;
    return lead.length;
}

} // namespace

std::string printable_text(std::string_view text, std::size_t max_size) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (out.size() >= max_size)
            return out + "…";
        const std::size_t length = printable_length(text, i);
        if (length == 0) {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", static_cast<unsigned char>(text[i]));
            out += escaped;
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

} // namespace aafd
