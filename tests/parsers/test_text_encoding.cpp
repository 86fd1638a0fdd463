// Tests of parsers/text_encoding.cpp: names, UTF-8 validation, single-byte transcoding.
#include <doctest/doctest.h>

#include "parsers/text_encoding.hpp"

namespace aafd {
namespace {

struct Decoded {
    std::string text;
    DecodeStatus status;
};

// Decodes `bytes` in pieces of `piece` bytes, then finishes.
Decoded decode_all(TextEncoding encoding, std::string_view bytes, std::size_t piece = 1 << 20) {
    TextDecoder decoder(encoding);
    Decoded out;
    for (std::size_t i = 0; i < bytes.size(); i += piece) {
        out.status = decoder.decode(bytes.substr(i, piece), out.text);
        if (!out.status.ok())
            return out;
    }
    out.status = decoder.finish();
    return out;
}

} // namespace

TEST_CASE("encoding names, in any case") {
    CHECK(encoding_from_name("UTF-8") == TextEncoding::Utf8);
    CHECK(encoding_from_name("utf8") == TextEncoding::Utf8);
    CHECK(encoding_from_name("US-ASCII") == TextEncoding::Utf8);
    CHECK(encoding_from_name("ISO-8859-1") == TextEncoding::Latin1);
    CHECK(encoding_from_name("iso-8859-1") == TextEncoding::Latin1);
    CHECK(encoding_from_name("Latin1") == TextEncoding::Latin1);
    CHECK(encoding_from_name("ISO-8859-15") == TextEncoding::Latin9);
    CHECK(encoding_from_name("latin9") == TextEncoding::Latin9);
    CHECK(encoding_from_name("windows-1252") == TextEncoding::Windows1252);
    CHECK(encoding_from_name("CP1252") == TextEncoding::Windows1252);
    CHECK_FALSE(encoding_from_name("KOI8-R"));
    CHECK_FALSE(encoding_from_name("UTF-16"));
    CHECK_FALSE(encoding_from_name("ISO-8859-2"));
    CHECK_FALSE(encoding_from_name(""));
}

TEST_CASE("UTF-8 passes through unchanged, in one piece or byte by byte") {
    const std::string text = "Prénom AAAA, Kù, Ægir, €, 𝄞 and plain ASCII long enough for words";
    for (std::size_t piece :
         {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{1000}}) {
        CAPTURE(piece);
        const Decoded decoded = decode_all(TextEncoding::Utf8, text, piece);
        CHECK(decoded.status.ok());
        CHECK(decoded.text == text);
    }
}

TEST_CASE("invalid UTF-8 stops before the bad character and names its byte") {
    struct Case {
        std::string bytes;
        std::size_t valid;
        unsigned char byte;
    };
    const Case cases[] = {
        {"abc\xE9t\xC3\xA9", 3, 0xE9}, // ISO-8859-1 é in a UTF-8 file
        {"R\xC3\xA9sum\xC3", 6, 0},    // cut at the end: see finish()
        {"x\xC0\xAF", 1, 0xC0},        // overlong '/'
        {"xx\xE0\x80\xAF", 2, 0xE0},   // overlong, 3 bytes
        {"\xED\xA0\x80", 0, 0xED},     // a surrogate
        {"\xF4\x90\x80\x80", 0, 0xF4}, // above U+10FFFF
        {"\xF5\x80\x80\x80", 0, 0xF5}, // never a lead byte
        {"ok \x80", 3, 0x80},          // a lone continuation byte
        {"\xC3\xA9\xC3(", 2, 0xC3},    // continuation missing
        {"12345678\xFF"
         "9",
         8, 0xFF}, // after a full ASCII word
    };
    for (const Case& c : cases) {
        for (std::size_t piece : {std::size_t{1}, std::size_t{100}}) {
            CAPTURE(c.bytes);
            CAPTURE(piece);
            const Decoded decoded = decode_all(TextEncoding::Utf8, c.bytes, piece);
            if (c.byte == 0) {
                CHECK(decoded.status.problem == DecodeProblem::TruncatedUtf8);
            } else {
                CHECK(decoded.status.problem == DecodeProblem::InvalidUtf8);
                CHECK(decoded.status.byte == c.byte);
            }
            CHECK(decoded.text == c.bytes.substr(0, c.valid));
        }
    }
}

TEST_CASE("a NUL byte is refused in every encoding") {
    const std::string bytes("<a>xy\0z</a>", 11);
    for (TextEncoding encoding : {TextEncoding::Utf8, TextEncoding::Latin1, TextEncoding::Latin9,
                                  TextEncoding::Windows1252}) {
        const Decoded decoded = decode_all(encoding, bytes);
        CHECK(decoded.status.problem == DecodeProblem::NulByte);
        CHECK(decoded.text == "<a>xy");
    }
    const Decoded word = decode_all(TextEncoding::Utf8, std::string("abcdefg\0hij", 11));
    CHECK(word.status.problem == DecodeProblem::NulByte);
    CHECK(word.text == "abcdefg");
}

TEST_CASE("ISO-8859-1 bytes become UTF-8") {
    const Decoded decoded =
        decode_all(TextEncoding::Latin1, "M\xE9lodie \xC7\xE0 \xFF\xA0\xA4\xBD!", 3);
    CHECK(decoded.status.ok());
    CHECK(decoded.text == "Mélodie Çà ÿ\u00A0¤½!");
}

TEST_CASE("ISO-8859-1 reads 0x80-0x9F as windows-1252, like browsers") {
    const Decoded decoded = decode_all(TextEncoding::Latin1, "C\x9Cur \x80 l\x92\xE9t\xE9 \x85");
    CHECK(decoded.text == "Cœur € l’été …");
    CHECK(decode_all(TextEncoding::Windows1252, "\x8A\x9F\x81").text == "ŠŸ\u0081");
}

TEST_CASE("ISO-8859-15 differs from ISO-8859-1 in eight places") {
    const Decoded latin9 = decode_all(TextEncoding::Latin9, "\xA4\xA6\xA8\xB4\xB8\xBC\xBD\xBE");
    CHECK(latin9.status.ok());
    CHECK(latin9.text == "€ŠšŽžŒœŸ");
    const Decoded latin1 = decode_all(TextEncoding::Latin1, "\xA4\xA6\xA8\xB4\xB8\xBC\xBD\xBE");
    CHECK(latin1.text == "¤¦¨´¸¼½¾");
    CHECK(decode_all(TextEncoding::Latin9, "\xE9\xE8\xE7").text == "éèç");
    CHECK(decode_all(TextEncoding::Latin9, "\x80").text == "\u0080"); // a C1 control
}

TEST_CASE("every single-byte text decodes to valid UTF-8 of the right length") {
    std::string all;
    for (int byte = 1; byte < 256; ++byte)
        all += static_cast<char>(byte);
    for (TextEncoding encoding :
         {TextEncoding::Latin1, TextEncoding::Latin9, TextEncoding::Windows1252}) {
        const Decoded decoded = decode_all(encoding, all, 5);
        REQUIRE(decoded.status.ok());
        const Decoded check = decode_all(TextEncoding::Utf8, decoded.text);
        CHECK(check.status.ok());
        std::size_t characters = 0;
        for (char c : decoded.text)
            characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        CHECK(characters == 255);
    }
}

} // namespace aafd
