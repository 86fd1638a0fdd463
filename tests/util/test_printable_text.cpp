// Specification of util/printable_text.hpp: what of a hostile file may reach a message.
#include <doctest/doctest.h>

#include "util/printable_text.hpp"

using aafd::printable_text;

TEST_CASE("printable text keeps UTF-8 and escapes control characters") {
    CHECK(printable_text("Élève Noël ✓ 𝄞") == "Élève Noël ✓ 𝄞");
    CHECK(printable_text("a\nb\r\tc\x7F") == "a\\x0Ab\\x0D\\x09c\\x7F");
    CHECK(printable_text(std::string("a\0b", 3)) == "a\\x00b");
    CHECK(printable_text("\x1B[31mred") == "\\x1B[31mred");
}

TEST_CASE("printable text escapes every byte outside a valid UTF-8 sequence") {
    CHECK(printable_text("Fran\xE7ois") == "Fran\\xE7ois");
    CHECK(printable_text("\xC0\xAF") == "\\xC0\\xAF");          // overlong
    CHECK(printable_text("\xED\xA0\x80") == "\\xED\\xA0\\x80"); // surrogate
    CHECK(printable_text("\xF4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");
    CHECK(printable_text("x\xC3") == "x\\xC3"); // cut inside a character
    CHECK(printable_text("\xE2\x9C") == "\\xE2\\x9C");
}

TEST_CASE("printable text is cut after max_size bytes, on a character boundary") {
    CHECK(printable_text(std::string(1000, 'x'), 10) == std::string(10, 'x') + "…");
    CHECK(printable_text("ééééé", 3) == "éé…");
    CHECK(printable_text("abc", 3) == "abc");
    CHECK(printable_text(std::string(500, 'x')).size() == 400 + std::string("…").size());
}
