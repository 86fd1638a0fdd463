// Tests of parsers/html_entities.cpp: the HTML 4 table and the rewrite to numeric references.
#include <doctest/doctest.h>

#include "parsers/html_entities.hpp"

namespace aafd {
namespace {

struct Rewritten {
    std::string text;
    std::vector<EntityRewrite> rewrites;
    std::optional<UndefinedEntity> undefined;
};

Rewritten rewrite(std::string_view text) {
    Rewritten out;
    out.text = "left over from a previous block";
    out.undefined = copy_with_numeric_entities(text, out.text, out.rewrites);
    return out;
}

} // namespace

TEST_CASE("the table holds the 252 names of HTML 4") {
    CHECK(html_entity_count() == 252);
    CHECK(html_entity_code_point("eacute") == U'é');
    CHECK(html_entity_code_point("Eacute") == U'É');
    CHECK(html_entity_code_point("nbsp") == 160u);
    CHECK(html_entity_code_point("Ccedil") == U'Ç');
    CHECK(html_entity_code_point("yuml") == 255u);
    CHECK(html_entity_code_point("Yuml") == 376u);
    CHECK(html_entity_code_point("OElig") == 338u);
    CHECK(html_entity_code_point("euro") == 8364u);
    CHECK(html_entity_code_point("rsquo") == 8217u);
    CHECK(html_entity_code_point("hellip") == 8230u);
    CHECK(html_entity_code_point("fnof") == 402u);
    CHECK(html_entity_code_point("Mu") == 924u);
    CHECK(html_entity_code_point("thetasym") == 977u);
    CHECK(html_entity_code_point("diams") == 9830u);
    CHECK(html_entity_code_point("amp") == 38u);
    CHECK_FALSE(html_entity_code_point("apos")); // XML's, not HTML 4's
    CHECK_FALSE(html_entity_code_point("EACUTE"));
    CHECK_FALSE(html_entity_code_point("foo"));
    CHECK_FALSE(html_entity_code_point(""));
}

TEST_CASE("named references become numeric ones, XML's five and numeric ones stay") {
    const Rewritten out =
        rewrite("<v>&eacute;t&eacute; &amp; &lt;&gt;&quot;&apos; &#233;&#xE9; &Mu;</v>");
    CHECK_FALSE(out.undefined);
    CHECK(out.text == "<v>&#233;t&#233; &amp; &lt;&gt;&quot;&apos; &#233;&#xE9; &#924;</v>");
    REQUIRE(out.rewrites.size() == 3);
    CHECK(out.rewrites[0].output_offset == 3);
    CHECK(out.rewrites[0].growth == -2); // &eacute; (8) -> &#233; (6)
    CHECK(out.rewrites[2].growth == 2);  // &Mu; (4) -> &#924; (6)
}

TEST_CASE("a text without named references is copied as it is") {
    const std::string text = "<a b='x &amp; y'>R&D and & alone &#38; &;</a>";
    const Rewritten out = rewrite(text);
    CHECK_FALSE(out.undefined);
    CHECK(out.text == text);
    CHECK(out.rewrites.empty());
}

TEST_CASE("references in attribute values are rewritten too") {
    CHECK(rewrite("<attr name=\"&eacute;\"/>").text == "<attr name=\"&#233;\"/>");
}

TEST_CASE("an undefined name is reported with its offset") {
    const Rewritten out = rewrite("<v>ok &eacute;</v>\n<v>&foo;</v>");
    REQUIRE(out.undefined);
    CHECK(out.undefined->offset == 22);
    CHECK(out.undefined->name == "foo");
    CHECK(rewrite("&ECIRC;").undefined->name == "ECIRC");
    CHECK(rewrite("x &foo-bar.baz;").undefined->name == "foo-bar.baz");
}

TEST_CASE("comments and CDATA sections keep their text") {
    const std::string text = "<!-- &foo; &eacute; --><v><![CDATA[&bar; &eacute;]]>&eacute;</v>"
                             "<!-- &x; -->&ecirc;";
    const Rewritten out = rewrite(text);
    CHECK_FALSE(out.undefined);
    CHECK(out.text == "<!-- &foo; &eacute; --><v><![CDATA[&bar; &eacute;]]>&#233;</v>"
                      "<!-- &x; -->&#234;");
}

TEST_CASE("offsets of the copy map back to the original") {
    const Rewritten out = rewrite("&Mu;ab&eacute;cd&nu;e");
    REQUIRE(out.text == "&#924;ab&#233;cd&#957;e");
    RewriteMap map(out.rewrites);
    CHECK(map.original(0) == 0);
    CHECK(map.original(6) == 4);   // 'a'
    CHECK(map.original(8) == 6);   // '&' of &eacute;
    CHECK(map.original(14) == 14); // 'c'
    CHECK(map.original(22) == 20); // 'e'
    CHECK(map.original(6) == 4);   // going back restarts
}

} // namespace aafd
