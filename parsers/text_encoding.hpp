// The character encodings an AAF file may declare, and turning their bytes into checked
// UTF-8: UTF-8 input is validated (ASCII runs at word speed, never transcoded), the
// single-byte encodings are transcoded through a table.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace aafd {

// ISO-8859-1 is read as browsers read it (WHATWG): its bytes 0x80–0x9F, C1 controls that
// no text means, are decoded as windows-1252 (€, œ, ’…), which is what such files hold.
enum class TextEncoding { Utf8, Latin1, Latin9, Windows1252 };

// From the encoding name of an XML declaration, case-insensitive ("UTF-8", "utf8",
// "ISO-8859-1", "latin1", "ISO-8859-15", "latin9", "windows-1252", "cp1252", "US-ASCII"…).
// nullopt for an encoding aafd cannot read.
std::optional<TextEncoding> encoding_from_name(std::string_view name);

enum class DecodeProblem { None, InvalidUtf8, TruncatedUtf8, NulByte };

struct DecodeStatus {
    DecodeProblem problem = DecodeProblem::None;
    unsigned char byte = 0; // the offending byte (InvalidUtf8)
    bool ok() const { return problem == DecodeProblem::None; }
};

// Decodes a byte stream to UTF-8, piece by piece. A UTF-8 sequence cut between two pieces
// is held back until the next piece. A NUL byte is refused: no AAF text holds one, and
// the XML parser would stop at it.
class TextDecoder {
public:
    explicit TextDecoder(TextEncoding encoding) : m_encoding(encoding) {}

    // Appends the text of `bytes` to `out`. On a problem, `out` ends just before the
    // offending character, so out.size() locates it.
    DecodeStatus decode(std::string_view bytes, std::string& out);
    // At the end of the input: a UTF-8 sequence still held back is a problem.
    DecodeStatus finish() const;

    TextEncoding encoding() const { return m_encoding; }

private:
    DecodeStatus decode_utf8(std::string_view bytes, std::string& out);
    DecodeStatus complete_pending(std::string_view& bytes, std::string& out);

    TextEncoding m_encoding;
    std::array<char, 4> m_pending{}; // start of a UTF-8 sequence cut by the end of a piece
    std::size_t m_pending_size = 0;
};

} // namespace aafd
