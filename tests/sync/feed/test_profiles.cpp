// Specification of profile derivation (sync/feed/profiles.hpp).
#include <doctest/doctest.h>

#include "sync/feed/profiles.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {
const ProfileTable k_table{
    {{"Eleve", "National_ELV"}, {"PersRelEleve", "National_TUT"}},
    {{"ENS", "National_ENS"}, {"DIR", "National_DIR"}, {"DOC", "National_DOC"}},
    "National_ETA",
    "National_ENS",
    "National_DIR"};

std::vector<std::string> profiles_of(Category category, const Attributes& attributes) {
    return derive_profiles(category, interpret(category, attributes), attributes, k_table);
}
} // namespace

TEST_CASE("pupils and relatives take their category's profile") {
    CHECK(profiles_of(Category::Pupil, {}) == std::vector<std::string>{"National_ELV"});
    CHECK(profiles_of(Category::Relative, {}) == std::vector<std::string>{"National_TUT"});
    CHECK(profiles_of(Category::Structure, {}).empty());
}

TEST_CASE("staff: from functions, the teacher flag and 1D director links") {
    CHECK(profiles_of(Category::Staff, {{"ENTPersonFonctions", {"1$DOC$X$Y$Z"}}}) ==
          std::vector<std::string>{"National_DOC"});
    CHECK(profiles_of(Category::Staff, {{"ENTPersonCategorieEnseignant", {"O"}},
                                        {"ENTPersonFonctions", {"1$DIR$X", "1$AEH$Y"}}}) ==
          std::vector<std::string>{"National_DIR", "National_ENS", "National_ETA"});
    CHECK(profiles_of(Category::Staff, {{"ENTEnsFonctionDir", {"7"}}}) ==
          std::vector<std::string>{"National_DIR"});
    CHECK(profiles_of(Category::Staff, {}) == std::vector<std::string>{"National_ETA"});
}
