// Tests of parsers/export_header.cpp: encoding sniffing, the prolog, the metadata comments.
#include <doctest/doctest.h>

#include "parsers/export_header.hpp"

namespace aafd {
namespace {

// The header of a complete text; fails the test when it asks for more.
ExportHeader header_of(std::string_view text) {
    const auto header = scan_header(text, true);
    REQUIRE(header);
    REQUIRE(*header);
    return **header;
}

std::string problem_of(std::string_view text) {
    const auto header = scan_header(text, true);
    if (header)
        return "<no problem>";
    return std::to_string(header.error().offset) + ": " + header.error().message;
}

std::string sniff_problem(std::string_view raw) {
    const auto sniffed = sniff_encoding(raw, true);
    return sniffed ? "<no problem>" : sniffed.error().message;
}

} // namespace

TEST_CASE("the declaration names the encoding, none means UTF-8") {
    const auto latin9 =
        sniff_encoding("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<ficAlimMENESR>", false);
    REQUIRE(latin9);
    REQUIRE(*latin9);
    CHECK((*latin9)->encoding == TextEncoding::Latin9);
    CHECK((*latin9)->declared_encoding == "ISO-8859-15");
    CHECK((*latin9)->bom_size == 0);

    const auto quoted = sniff_encoding("<?xml version='1.0' encoding='iso-8859-1' ?><a/>", true);
    CHECK((*quoted)->encoding == TextEncoding::Latin1);

    const auto bare = sniff_encoding("<!DOCTYPE ficAlimMENESR SYSTEM \"x.dtd\">", true);
    CHECK((*bare)->encoding == TextEncoding::Utf8);
    CHECK((*bare)->declared_encoding.empty());

    const auto no_encoding = sniff_encoding("<?xml version=\"1.0\"?><ficAlimMENESR/>", true);
    CHECK((*no_encoding)->encoding == TextEncoding::Utf8);
}

TEST_CASE("a UTF-8 byte order mark is skipped and wins over the declaration") {
    const auto sniffed =
        sniff_encoding("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", true);
    REQUIRE(sniffed);
    CHECK((*sniffed)->bom_size == 3);
    CHECK((*sniffed)->encoding == TextEncoding::Utf8);
    CHECK((*sniffed)->declared_encoding == "ISO-8859-1");
}

TEST_CASE("sniffing asks for more bytes until the declaration is complete") {
    CHECK(sniff_encoding("<?x", false).value() == std::nullopt);
    CHECK(sniff_encoding("<?xml version=\"1.0\" enc", false).value() == std::nullopt);
    CHECK(sniff_encoding("", false).value() == std::nullopt);
    CHECK(sniff_encoding("", true).value() != std::nullopt);
    CHECK(sniff_encoding("<a/>", false).value() != std::nullopt);
}

TEST_CASE("sniffing problems") {
    CHECK(sniff_problem("\xFF\xFE<\0?\0") ==
          "UTF-16 text is not supported (save the file as UTF-8 or ISO-8859-1)");
    CHECK(sniff_problem("<?xml version=\"1.0\" encoding=\"KOI8-R\"?>") ==
          "unknown encoding \"KOI8-R\" (aafd reads UTF-8, ISO-8859-1, ISO-8859-15 and "
          "windows-1252)");
    CHECK(sniff_problem("<?xml version=\"1.0\"") == "truncated file: XML declaration not closed");
    const auto endless = sniff_encoding("<?xml " + std::string(2000, ' '), false);
    REQUIRE_FALSE(endless);
    CHECK(endless.error().message == "malformed XML: XML declaration not closed");
}

TEST_CASE("the header ends at the first record, with the metadata comments before it") {
    const std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<!DOCTYPE ficAlimMENESR SYSTEM \"ficAlimMENESR.dtd\">\n"
                             "<!-- before=\"root\" -->\n"
                             "<ficAlimMENESR>\n"
                             "<!-- versionAF=\"AAF-VE2407\" -->\n"
                             "<!-- a free comment -->\n"
                             "<?pi ignored?>\n"
                             "<!--degre=\"2D\" codeAcademieExport='13'-->\n"
                             "\n<addRequest><!-- after=\"first\" --></addRequest>";
    const ExportHeader header = header_of(text);
    CHECK(header.body_start == text.find("<addRequest>"));
    CHECK_FALSE(header.root_closed);
    CHECK(header.comments == std::map<std::string, std::string>{{"before", "root"},
                                                                {"versionAF", "AAF-VE2407"},
                                                                {"degre", "2D"},
                                                                {"codeAcademieExport", "13"}});
}

TEST_CASE("an empty root element") {
    const ExportHeader header = header_of("<ficAlimMENESR/>\n<!-- x=\"1\" -->");
    CHECK(header.root_closed);
    CHECK(header.body_start == 16);
    CHECK(header.comments.empty());
    CHECK(header_of("<ficAlimMENESR a=\"/>\"\n/>").root_closed);
    CHECK_FALSE(header_of("<ficAlimMENESR xmlns=\"x\">").root_closed);
}

TEST_CASE("the header asks for more text until it has seen what follows the comments") {
    const std::string text = "<?xml version=\"1.0\"?>\n<!DOCTYPE ficAlimMENESR SYSTEM \"a>b\">"
                             "<ficAlimMENESR>\n<!-- degre=\"1D\" -->\n<addRequest>";
    const std::size_t record = text.rfind('<');
    for (std::size_t size = 0; size <= text.size(); ++size) {
        CAPTURE(size);
        const auto header = scan_header(text.substr(0, size), false);
        REQUIRE(header);
        CHECK(header->has_value() == (size > record + 1)); // "<" could start a comment
    }
    const auto header = scan_header(text, false);
    REQUIRE(header);
    REQUIRE(*header);
    CHECK((*header)->comments.at("degre") == "1D");
}

TEST_CASE("header problems, at their offsets") {
    CHECK(problem_of("<!DOCTYPE ficAlimMENESR [\n<!ENTITY x \"y\">\n]>\n<ficAlimMENESR>") ==
          "0: DOCTYPE with an internal subset is not accepted");
    CHECK(problem_of("<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"[\" [ ]><ficAlimMENESR>") ==
          "22: DOCTYPE with an internal subset is not accepted");
    CHECK(problem_of("\n<html><body/></html>") ==
          "1: not an AAF export: the root element is <html>, not <ficAlimMENESR>");
    CHECK(problem_of("  hello <ficAlimMENESR>") ==
          "2: malformed XML: text before the root element");
    CHECK(problem_of("") == "0: truncated file: no <ficAlimMENESR> element");
    CHECK(problem_of("<?xml version=\"1.0\"?>\n") ==
          "22: truncated file: no <ficAlimMENESR> element");
    CHECK(problem_of("<!-- x") == "0: truncated file: comment not closed");
    CHECK(problem_of("<!DOCTYPE a SYSTEM \"x\"") == "0: truncated file: DOCTYPE not closed");
    CHECK(problem_of("<ficAlimMENESR a=\"") == "0: truncated file: <ficAlimMENESR> tag not closed");
}

TEST_CASE("key=value comment contents") {
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(key_value_pairs(" versionSDET=\"Annexe 4bis version 6.4\" ") ==
          Pairs{{"versionSDET", "Annexe 4bis version 6.4"}});
    CHECK(key_value_pairs("a='1'  b = \"2\"") == Pairs{{"a", "1"}, {"b", "2"}});
    CHECK(key_value_pairs("x=\"\"") == Pairs{{"x", ""}});
    CHECK(key_value_pairs(" generated by SIECLE ").empty());
    CHECK(key_value_pairs("a=\"1\" and more").empty());
    CHECK(key_value_pairs("a=\"1").empty());
    CHECK(key_value_pairs("").empty());
}

TEST_CASE("skipping spaces, comments and instructions") {
    CHECK(skip_misc("  <!-- a --> <?b?>\n<x", 0).offset == 19);
    CHECK_FALSE(skip_misc("  <!-- a --> <?b?>\n<x", 0).open);
    CHECK(skip_misc("  <!-- a ", 0).open);
    CHECK(skip_misc("  <?b ", 0).open);
    CHECK(skip_misc(" <!-", 0).open);
    CHECK(skip_misc(" <", 0).open);
    CHECK(skip_misc("  ", 0).offset == 2);
    std::map<std::string, std::string> comments;
    skip_misc("<!-- k=\"v\" --><!-- k=\"w\" -->", 0, &comments);
    CHECK(comments == std::map<std::string, std::string>{{"k", "w"}});
}

} // namespace aafd
