// Tests of parsers/record_builder.cpp, through read_export on small texts: what a record
// holds, and each rule a record must follow, with its exact message.
#include <doctest/doctest.h>

#include "tests/parsers/reader_test_support.hpp"

namespace aafd {

using test::pupil;
using test::read_text;
using test::wrap;

namespace {

std::string request(const std::string& element, const std::string& operational,
                    const std::string& id, const std::string& body) {
    return "<" + element + ">\n<operationalAttributes>" + operational +
           "</operationalAttributes>\n<identifier><id>" + id + "</id></identifier>\n" + body +
           "</" + element + ">\n";
}

std::string person(const std::string& category) {
    return "<attr name=\"categoriePersonne\"><value>" + category + "</value></attr>";
}

} // namespace

TEST_CASE("an add keeps every attribute and value in file order, empty values as empty") {
    const auto outcome = read_text(wrap(
        pupil("2000000", "<attr name=\"ENTPersonAutresPrenoms\"><value>Léa</value>"
                         "<value>Anne</value></attr>\n"
                         "<attr name=\"ENTEleveGroupes\"><value/></attr>\n"
                         "<attr name=\"postOfficeBox\"><value></value></attr>\n"
                         "<attr name=\"spaces\"><value>  </value></attr>\n"
                         "<attr name=\"none\"></attr>\n"
                         "<attr name=\"sn\"><value>D&apos;Artagnan &amp; Cie</value></attr>\n")));
    REQUIRE(outcome.error() == "<no error>");
    REQUIRE(outcome.sink.records.size() == 1);
    const test::OwnedRecord& record = outcome.sink.records[0];
    CHECK(record.operation == Operation::Add);
    CHECK(record.category == Category::Pupil);
    CHECK(record.id == "2000000");
    CHECK(record.line == 3);
    const std::vector<test::OwnedAttribute> expected{
        {"ENTPersonJointure", {"2000000"}},
        {"ENTPersonAutresPrenoms", {"Léa", "Anne"}},
        {"ENTEleveGroupes", {""}},
        {"postOfficeBox", {""}},
        {"spaces", {"  "}},
        {"none", {}},
        {"sn", {"D'Artagnan & Cie"}},
    };
    CHECK(record.attributes == expected);
}

TEST_CASE("CDATA values, alone or mixed with text") {
    const auto outcome = read_text(wrap(
        pupil("1", "<attr name=\"a\"><value><![CDATA[x<y & z]]></value></attr>\n"
                   "<attr name=\"b\"><value>x<![CDATA[<y>]]>z</value><value>w</value></attr>\n")));
    REQUIRE(outcome.error() == "<no error>");
    CHECK(outcome.sink.records[0].values("a") == std::vector<std::string>{"x<y & z"});
    CHECK(outcome.sink.records[0].values("b") == std::vector<std::string>{"x<y>z", "w"});
}

TEST_CASE("the id is trimmed, unknown elements and attributes are no error here") {
    const std::string record =
        "<addRequest origin=\"test\">\n"
        "<operationalAttributes><attr name=\"categorieStructure\"><value> EtabEducNat "
        "</value></attr></operationalAttributes>\n"
        "<identifier><id>\r\n 52000 </id><extra/></identifier>\n"
        "<unknown><attr name=\"x\"><value>1</value></attr></unknown>\n"
        "<attributes>\n"
        "<attr name=\"ENTStructureJointure\" "
        "kind=\"key\"><value>52000</value><note>n</note></attr>\n"
        "<comment>not an attr</comment>\n"
        "<attr name=\"ENTNouvelAttribut2030\"><value>new</value></attr>\n"
        "</attributes>\n"
        "</addRequest>\n"
        "<somethingElse><value>ignored</value></somethingElse>\n";
    const auto outcome = read_text(wrap(record));
    REQUIRE(outcome.error() == "<no error>");
    REQUIRE(outcome.sink.records.size() == 1);
    CHECK(outcome.sink.records[0].id == "52000");
    CHECK(outcome.sink.records[0].category == Category::Structure);
    const std::vector<test::OwnedAttribute> expected{{"ENTStructureJointure", {"52000"}},
                                                     {"ENTNouvelAttribut2030", {"new"}}};
    CHECK(outcome.sink.records[0].attributes == expected);
}

TEST_CASE("every category, from its operational attribute") {
    const std::string records =
        request("addRequest", "<attr name=\"categorieStructure\"><value>EtabEducNat</value></attr>",
                "1",
                "<attributes><attr name=\"ENTStructureJointure\"><value>1</value></attr>"
                "</attributes>\n") +
        request("addRequest", "<attr name=\"categorieMatiere\"><value>MatEducNat</value></attr>",
                "009800",
                "<attributes><attr name=\"ENTMatJointure\"><value>009800</value></attr>"
                "</attributes>\n") +
        request("addRequest", "<attr name=\"categorieMef\"><value>MefEducNat</value></attr>",
                "10010012110",
                "<attributes><attr name=\"ENTMefJointure\"><value>10010012110</value></attr>"
                "</attributes>\n") +
        request("deleteRequest", person("Eleve"), "2", "") +
        request("deleteRequest", person("PersRelEleve"), "3", "") +
        request("deleteRequest", person("PersEducNat"), "4", "");
    const auto outcome = read_text(wrap(records));
    REQUIRE(outcome.error() == "<no error>");
    std::vector<Category> categories;
    for (const auto& record : outcome.sink.records)
        categories.push_back(record.category);
    CHECK(categories == std::vector<Category>(k_all_categories.begin(), k_all_categories.end()));
}

TEST_CASE("a modify lists replaced attributes, a delete has none") {
    const std::string records =
        request(
            "modifyRequest", person("Eleve"), "2000000",
            "<modifications>\n"
            "<modification name=\"ENTEleveClasses\" operation=\"replace\"><value>3000$CM1A</value>"
            "<value>3000$CM1B</value></modification>\n"
            "<modification name=\"ENTEleveGroupes\" operation=\"replace\"><value/></modification>\n"
            "<modification name=\"sn\"><value>Sans opération</value></modification>\n"
            "</modifications>\n") +
        request("deleteRequest", person("PersRelEleve"), "3000000", "");
    const auto outcome = read_text(wrap(records));
    REQUIRE(outcome.error() == "<no error>");
    REQUIRE(outcome.sink.records.size() == 2);
    const auto& modify = outcome.sink.records[0];
    CHECK(modify.operation == Operation::Modify);
    CHECK(modify.category == Category::Pupil);
    CHECK(modify.id == "2000000");
    CHECK(modify.line == 3);
    const std::vector<test::OwnedAttribute> expected{
        {"ENTEleveClasses", {"3000$CM1A", "3000$CM1B"}},
        {"ENTEleveGroupes", {""}},
        {"sn", {"Sans opération"}},
    };
    CHECK(modify.attributes == expected);
    const auto& removal = outcome.sink.records[1];
    CHECK(removal.operation == Operation::Delete);
    CHECK(removal.category == Category::Relative);
    CHECK(removal.id == "3000000");
    CHECK(removal.attributes.empty());
    CHECK(removal.line == 12);
}

TEST_CASE("a modification other than replace is refused") {
    const auto outcome = read_text(
        wrap(pupil("1") + request("modifyRequest", person("Eleve"), "2000000",
                                  "<modifications>\n<modification name=\"ENTEleveClasses\" "
                                  "operation=\"add\"><value>x</value></modification>\n"
                                  "</modifications>\n")));
    CHECK(outcome.error() == "test.xml:10: record 2000000: modification ENTEleveClasses has "
                             "operation \"add\", only \"replace\" is supported");
    CHECK(outcome.sink.records.empty()); // the block is refused as a whole
}

TEST_CASE("the key attribute must equal the <id>") {
    CHECK(read_text(wrap(pupil("2000000", "", "2000001"))).error() ==
          "test.xml:3: record 2000000: <id> 2000000 differs from ENTPersonJointure 2000001");
    CHECK(read_text(wrap(pupil("1") + pupil("2000000", "", " 2000000 "))).error() == "<no error>");
    const std::string no_key =
        request("addRequest", person("Eleve"), "2000000",
                "<attributes><attr name=\"sn\"><value>X</value></attr></attributes>\n");
    CHECK(read_text(wrap(pupil("1") + pupil("2") + no_key)).error() ==
          "test.xml:17: record 2000000: missing ENTPersonJointure");
    const std::string empty_key =
        request("addRequest", person("PersEducNat"), "7",
                "<attributes><attr name=\"ENTPersonJointure\"><value/></attr></attributes>\n");
    CHECK(read_text(wrap(empty_key)).error() ==
          "test.xml:3: record 7: <id> 7 differs from ENTPersonJointure ");
}

TEST_CASE("a modify may omit the key but not change it") {
    const std::string changes_key =
        request("modifyRequest", person("Eleve"), "5",
                "<modifications><modification name=\"ENTPersonJointure\" operation=\"replace\">"
                "<value>6</value></modification></modifications>\n");
    CHECK(read_text(wrap(changes_key)).error() ==
          "test.xml:3: record 5: <id> 5 differs from ENTPersonJointure 6");
}

TEST_CASE("the category must be known") {
    const std::string foo = request("addRequest", person("Foo"), "12",
                                    "<attributes><attr name=\"ENTPersonJointure\"><value>12"
                                    "</value></attr></attributes>\n");
    CHECK(read_text(wrap(foo)).error() ==
          "test.xml:3: record 12: unknown category categoriePersonne=Foo");
    const std::string swapped = request(
        "deleteRequest", "<attr name=\"categorieStructure\"><value>Eleve</value></attr>", "12", "");
    CHECK(read_text(wrap(swapped)).error() ==
          "test.xml:3: record 12: unknown category categorieStructure=Eleve");
    const std::string none =
        "<deleteRequest><identifier><id>12</id></identifier></deleteRequest>\n";
    CHECK(read_text(wrap(none)).error() ==
          "test.xml:3: record 12: missing category (no <operationalAttributes><attr>)");
}

TEST_CASE("control characters: none in an id, only tab and line breaks in a value (L2)") {
    auto with_sn = [](const std::string& value) {
        return "<attr name=\"sn\"><value>" + value + "</value></attr>\n";
    };
    CHECK(read_text(wrap(pupil("1", with_sn("A\tB\r\nC")))).error() == "<no error>");
    CHECK(read_text(wrap(pupil("1") + pupil("2", with_sn("X\x1b[2JY")))).error() ==
          "test.xml:10: record 2: sn holds a control character: X\\x1B[2JY");
    CHECK(read_text(wrap(pupil("3", with_sn("DEL\x7f")))).error() ==
          "test.xml:3: record 3: sn holds a control character: DEL\\x7F");
    CHECK(read_text(wrap(pupil("4\x07"
                               "5")))
              .error() == "test.xml:3: record 4\\x075: <id> holds a control character");
    CHECK(read_text(wrap(pupil("4&#9;5"))).error() ==
          "test.xml:3: record 4\\x095: <id> holds a control character");
}

TEST_CASE("a record needs an id") {
    const std::string empty_id = request("deleteRequest", person("Eleve"), " ", "");
    CHECK(read_text(wrap(pupil("1") + empty_id)).error() == "test.xml:10: record without an <id>");
    const std::string no_identifier = "<deleteRequest><operationalAttributes>" + person("Eleve") +
                                      "</operationalAttributes></deleteRequest>\n";
    CHECK(read_text(wrap(no_identifier)).error() == "test.xml:3: record without an <id>");
    CHECK(read_text(wrap("<addRequest/>\n")).error() == "test.xml:3: record without an <id>");
}

TEST_CASE("attributes and modifications need a name") {
    CHECK(read_text(wrap(pupil("9", "<attr><value>x</value></attr>\n"))).error() ==
          "test.xml:3: record 9: <attr> without a name");
    const std::string nameless =
        request("modifyRequest", person("Eleve"), "9",
                "<modifications><modification name=\"\" operation=\"replace\"><value>x</value>"
                "</modification></modifications>\n");
    CHECK(read_text(wrap(nameless)).error() ==
          "test.xml:3: record 9: <modification> without a name");
}

TEST_CASE("a record larger than max_record_size is refused, however blocks are cut") {
    const std::string big =
        pupil("2", "<attr name=\"x\"><value>" + std::string(2000, 'x') + "</value></attr>\n");
    const std::string text = wrap(pupil("1") + big + pupil("3"));
    for (std::size_t block_size : {std::size_t{1}, std::size_t{100}, std::size_t{1} << 20}) {
        for (std::size_t piece : {std::size_t{64}, std::size_t{1} << 20}) {
            CAPTURE(block_size);
            CAPTURE(piece); // small pieces: the reader meets the limit before the record's end
            test::PieceSource source(text, piece);
            const auto outcome = test::read_source(
                source, "test.xml", {.block_size = block_size, .max_record_size = 1000});
            CHECK(outcome.error() ==
                  "test.xml:10: record larger than 1000 bytes (max_record_size)");
        }
    }
    CHECK(read_text(text, {.block_size = 100, .max_record_size = 3000}).error() == "<no error>");
}

TEST_CASE("a record holds at most 65536 values, over all its attributes (L1)") {
    auto classes = [](std::size_t count) {
        std::string values;
        for (std::size_t i = 0; i < count; ++i)
            values += "<value>1$C" + std::to_string(i) + "</value>";
        return "<attr name=\"ENTEleveClasses\">" + values + "</attr>\n";
    };
    CHECK(read_text(wrap(pupil("1", classes(65535)))).error() == "<no error>");
    CHECK(read_text(wrap(pupil("1") + pupil("2", classes(65536)))).error() ==
          "test.xml:10: record 2: more than 65536 values (at ENTEleveClasses)");
}

} // namespace aafd
