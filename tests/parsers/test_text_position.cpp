// Tests of parsers/text_position.cpp: line ends of every kind, columns in characters.
#include <random>

#include <doctest/doctest.h>

#include "parsers/text_position.hpp"

namespace aafd {
namespace {

// The plain definition the fast count must agree with.
std::uint64_t reference_count(std::string_view text, std::size_t begin, std::size_t end) {
    std::uint64_t count = 0;
    for (std::size_t i = begin; i < end; ++i)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
            ++count;
    return count;
}

} // namespace

TEST_CASE("LF, CRLF and a lone CR each end one line") {
    CHECK(count_line_ends("a\nb\nc") == 2);
    CHECK(count_line_ends("a\r\nb\r\nc") == 2);
    CHECK(count_line_ends("a\rb\rc\r") == 3);
    CHECK(count_line_ends("a\r\n\r\n\n\r") == 4);
    CHECK(count_line_ends("") == 0);
    CHECK(count_line_ends("no line end at all") == 0);
}

TEST_CASE("ranges that meet between CR and LF add up") {
    const std::string text = "abc\r\ndef";
    CHECK(count_line_ends(text, 0, 4) == 0); // the CR is followed by LF
    CHECK(count_line_ends(text, 4, 8) == 1);
    CHECK(count_line_ends(text, 0, 8) == 1);
}

TEST_CASE("the fast count agrees with the definition on random texts") {
    std::mt19937 random(20240916);
    const char alphabet[] = {'\n', '\r', 'a', '<', '\xC3', '\xA9'};
    for (int round = 0; round < 200; ++round) {
        std::string text(random() % 200, ' ');
        for (char& c : text)
            c = alphabet[random() % sizeof alphabet];
        const std::size_t begin = text.empty() ? 0 : random() % text.size();
        const std::size_t end =
            begin + (text.size() == begin ? 0 : random() % (text.size() - begin + 1));
        CAPTURE(round);
        CHECK(count_line_ends(text, begin, end) == reference_count(text, begin, end));
        CHECK(count_line_ends(text) == reference_count(text, 0, text.size()));
    }
}

TEST_CASE("positions count lines from the first line and columns in characters") {
    const std::string text = "ab\r\nPrénom <x\rz";
    CHECK(position_in(text, 0, 1).line == 1);
    CHECK(position_in(text, 0, 1).column == 1);
    CHECK(position_in(text, 1, 10).line == 10);
    CHECK(position_in(text, 1, 10).column == 2);
    const auto x = position_in(text, text.find('<'), 7);
    CHECK(x.line == 8);
    CHECK(x.column == 8); // "Prénom " is 7 characters, 8 bytes
    const auto z = position_in(text, text.size() - 1, 1);
    CHECK(z.line == 3);
    CHECK(z.column == 1);
    CHECK(position_in(text, text.size(), 1).column == 2);
}

TEST_CASE("a line cursor walks forward and restarts when sent back") {
    const std::string text = "1\n2\r\n3\r4\n5";
    LineCursor cursor(text, 100);
    CHECK(cursor.line_at(0) == 100);
    CHECK(cursor.line_at(2) == 101);
    CHECK(cursor.line_at(3) == 101); // the CR of line 101
    CHECK(cursor.line_at(4) == 101); // its LF
    CHECK(cursor.line_at(5) == 102);
    CHECK(cursor.line_at(text.size() - 1) == 104);
    CHECK(cursor.line_at(2) == 101);
}

} // namespace aafd
