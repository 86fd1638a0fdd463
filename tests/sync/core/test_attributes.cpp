// Specification of the canonical attribute form (sync/core/attributes.hpp).
#include <doctest/doctest.h>

#include "sync/core/attributes.hpp"
#include "tests/sync/record_builder.hpp"

using namespace aafd;
using namespace aafd::sync;

TEST_CASE("canonical attributes are sorted, without empty values or empty attributes") {
    test::RecordBuilder builder;
    const Record& record = builder.add(Category::Pupil, "1",
                                       {{"sn", {"Martin"}},
                                        {"ENTEleveGroupes", {""}},
                                        {"givenName", {"Zoé"}},
                                        {"ENTPersonAutresPrenoms", {"Anne", "", "Marie"}}});
    Attributes canonical = canonical_attributes(record.attributes);
    REQUIRE(canonical.size() == 4);
    CHECK(canonical[0] == AttributeValues{"ENTPersonAutresPrenoms", {"Anne", "Marie"}});
    CHECK(canonical[1] == AttributeValues{"ENTPersonJointure", {"1"}});
    CHECK(canonical[2] == AttributeValues{"givenName", {"Zoé"}});
    CHECK(canonical[3] == AttributeValues{"sn", {"Martin"}});
}

TEST_CASE("the streaming hash equals the hash of the canonical form") {
    test::RecordBuilder builder;
    const Record& record = builder.add(Category::Pupil, "1",
                                       {{"sn", {"Martin"}},
                                        {"ENTEleveGroupes", {""}},
                                        {"ENTEleveClasses", {"1$6A", "1$6B"}},
                                        {"sn", {"Bis"}}});
    CHECK(canonical_hash(record.attributes) ==
          attributes_hash(canonical_attributes(record.attributes)));
}

TEST_CASE("the hash ignores attribute order and empty values but not value order") {
    test::RecordBuilder builder;
    const Record& a = builder.add(Category::Pupil, "1", {{"sn", {"A"}}, {"givenName", {"B"}}});
    const Record& b =
        builder.add(Category::Pupil, "1", {{"givenName", {"B"}}, {"x", {""}}, {"sn", {"A"}}});
    const Record& c = builder.add(Category::Pupil, "1", {{"sn", {"A", "C"}}});
    const Record& d = builder.add(Category::Pupil, "1", {{"sn", {"C", "A"}}});
    CHECK(canonical_hash(a.attributes) == canonical_hash(b.attributes));
    CHECK(canonical_hash(c.attributes) != canonical_hash(d.attributes));
    SUBCASE("values do not run into each other or into names") {
        const Record& e = builder.add(Category::Pupil, "1", {{"sn", {"AB"}}});
        const Record& f = builder.add(Category::Pupil, "1", {{"sn", {"A", "B"}}});
        CHECK(canonical_hash(e.attributes) != canonical_hash(f.attributes));
    }
}

TEST_CASE("a modification replaces the listed attributes, adds new ones, clears emptied ones") {
    Attributes base{{"ENTEleveClasses", {"1$6A"}}, {"givenName", {"Zoé"}}, {"sn", {"Martin"}}};
    test::RecordBuilder builder;
    const Record& modify = builder.modify(
        Category::Pupil, "1",
        {{"ENTEleveClasses", {"1$5B"}}, {"ENTEleveGroupes", {"1$G1"}}, {"givenName", {""}}});
    Attributes after = apply_modifications(base, modify.attributes);
    CHECK(after == Attributes{{"ENTEleveClasses", {"1$5B"}},
                              {"ENTEleveGroupes", {"1$G1"}},
                              {"sn", {"Martin"}}});
    CHECK(changed_attribute_names(base, after) ==
          std::vector<std::string>{"ENTEleveClasses", "ENTEleveGroupes", "givenName"});
}

TEST_CASE("attributes survive the JSON form, including quotes and control characters") {
    Attributes attributes{{"ENTPersonAdresse", {"1 rue \"Haute\"\\", "ligne\t2"}},
                          {"sn", {"D'Almeida-Nuñez"}}};
    std::string json = attributes_to_json(attributes);
    CHECK(json == R"({"ENTPersonAdresse":["1 rue \"Haute\"\\","ligne\u00092"],)"
                  R"("sn":["D'Almeida-Nuñez"]})");
    auto back = attributes_from_json(json);
    REQUIRE(back);
    CHECK(*back == attributes);
    CHECK_FALSE(attributes_from_json("[1,2]"));
}
