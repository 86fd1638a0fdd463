// Tests of parsers/record_boundary.cpp: where blocks may be cut.
#include <string>

#include <doctest/doctest.h>

#include "parsers/record_boundary.hpp"

namespace aafd {

TEST_CASE("blocks are cut right after a record's closing tag") {
    const std::string text = "<addRequest><value>a</value></addRequest>\n"
                             "<modifyRequest></modifyRequest >\n"
                             "<deleteRequest></deleteRequest\r\n>\n"
                             "<addRequest><attr></attr>";
    const std::size_t first = text.find("</addRequest>") + 13;
    const std::size_t second = text.find("</modifyRequest >") + 17;
    const std::size_t third = text.find("\r\n>") + 3;
    CHECK(last_record_end(text, text.size()) == third);
    CHECK(last_record_end(text, third - 1) == second);
    CHECK(last_record_end(text, second) == second);
    CHECK(last_record_end(text, first) == first);
    CHECK_FALSE(last_record_end(text, first - 1));
    CHECK(first_record_end(text, 0) == first);
    CHECK(first_record_end(text, first) == second);
    CHECK(first_record_end(text, second) == third);
    CHECK_FALSE(first_record_end(text, third));
}

TEST_CASE("other closing tags are not record ends") {
    const std::string text = "<attr><value>x</value></attr></attributes></identifier>"
                             "</ficAlimMENESR></addRequests></notaddRequest><addRequest/>"
                             "<x a='>'/>";
    CHECK_FALSE(last_record_end(text, text.size()));
    CHECK_FALSE(first_record_end(text, 0));
}

TEST_CASE("a limit past the end and empty texts") {
    CHECK(last_record_end("</addRequest>", 1000) == 13u);
    CHECK_FALSE(last_record_end("", 10));
    CHECK_FALSE(first_record_end("", 0));
    CHECK_FALSE(first_record_end("</addRequest>", 100));
}

} // namespace aafd
