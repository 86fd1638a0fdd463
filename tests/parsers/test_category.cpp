// Tests of parsers/category.cpp: every category's names, both ways.
#include <doctest/doctest.h>

#include "parsers/category.hpp"

namespace aafd {

TEST_CASE("each category has its file token, name, operational and key attribute") {
    struct Expected {
        Category category;
        std::string_view token, name, operational, key;
        bool person;
    };
    const Expected expected[] = {
        {Category::Structure, "EtabEducNat", "EtabEducNat", "categorieStructure",
         "ENTStructureJointure", false},
        {Category::Subject, "MatiereEducNat", "MatEducNat", "categorieMatiere", "ENTMatJointure",
         false},
        {Category::Mef, "MefEducNat", "MefEducNat", "categorieMef", "ENTMefJointure", false},
        {Category::Pupil, "Eleve", "Eleve", "categoriePersonne", "ENTPersonJointure", true},
        {Category::Relative, "PersRelEleve", "PersRelEleve", "categoriePersonne",
         "ENTPersonJointure", true},
        {Category::Staff, "PersEducNat", "PersEducNat", "categoriePersonne", "ENTPersonJointure",
         true},
    };
    REQUIRE(std::size(expected) == k_all_categories.size());
    for (std::size_t i = 0; i < k_all_categories.size(); ++i) {
        const Expected& e = expected[i];
        CAPTURE(e.name);
        CHECK(k_all_categories[i] == e.category);
        CHECK(file_token(e.category) == e.token);
        CHECK(category_name(e.category) == e.name);
        CHECK(operational_attribute(e.category) == e.operational);
        CHECK(key_attribute(e.category) == e.key);
        CHECK(is_person(e.category) == e.person);
        CHECK(category_from_file_token(e.token) == e.category);
        CHECK(category_from_operational(e.operational, e.name) == e.category);
        CHECK(category_from_name(e.name) == e.category);
        CHECK(category_from_name(e.token) == e.category);
    }
}

TEST_CASE("the enum order is the order of application") {
    CHECK(Category::Structure < Category::Subject);
    CHECK(Category::Mef < Category::Pupil);
    CHECK(Category::Pupil < Category::Relative);
    CHECK(Category::Relative < Category::Staff);
}

TEST_CASE("unknown names are refused") {
    CHECK_FALSE(category_from_file_token("MatEducNat")); // the value, not the file token
    CHECK_FALSE(category_from_file_token("eleve"));
    CHECK_FALSE(category_from_operational("categoriePersonne", "Foo"));
    CHECK_FALSE(category_from_operational("categorieStructure", "Eleve"));
    CHECK_FALSE(category_from_operational("categoriePersonne", ""));
    CHECK_FALSE(category_from_name("Structure"));
}

TEST_CASE("flows and set kinds") {
    CHECK(flow_name(Flow::First) == "1D");
    CHECK(flow_name(Flow::Second) == "2D");
    CHECK(flow_from_name("1D") == Flow::First);
    CHECK(flow_from_name("2d") == Flow::Second);
    CHECK_FALSE(flow_from_name("3D"));
    CHECK(set_kind_name(SetKind::Full) == "Complet");
    CHECK(set_kind_name(SetKind::Delta) == "Delta");
    CHECK(set_kind_from_name("Complet") == SetKind::Full);
    CHECK(set_kind_from_name("Delta") == SetKind::Delta);
    CHECK_FALSE(set_kind_from_name("Full"));
}

} // namespace aafd
