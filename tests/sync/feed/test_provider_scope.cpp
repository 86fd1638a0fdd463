// Specification of the scope rule (sync/feed/provider_scope.hpp), on rows as the
// AccountStore port returns them: no store.
#include <doctest/doctest.h>

#include "sync/feed/provider_scope.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

SchoolRows school(const std::string& id, std::int64_t rowid) {
    return {{rowid, "test", id, "UAI-" + id, "ECOLE " + id}, {}, {}, {}};
}

} // namespace

TEST_CASE("scope: the people attached to the schools and the relatives through their pupils") {
    SchoolRows s1 = school("S1", 1);
    s1.attached = {{1, Category::Structure}, {10, Category::Pupil}, {20, Category::Staff}};
    s1.relatives = {30, 31};
    SchoolRows s2 = school("S2", 2);
    s2.attached = {{11, Category::Pupil}, {10, Category::Pupil}};
    auto scope = compute_scope({s1, s2});
    CHECK(scope.people == std::unordered_set<std::int64_t>{10, 11, 20, 30, 31});
    REQUIRE(scope.schools.size() == 2);
    CHECK(scope.schools.at({"test", "S1"}).uai == "UAI-S1");
    CHECK(scope.schools.at({"test", "S2"}).object == 2);
}

TEST_CASE("scope: the labels of the schools' own classes and groups, nothing else") {
    SchoolRows s1 = school("S1", 1);
    s1.links = {{LinkKind::Class, "S1", "6A", "6EME A"},
                {LinkKind::Group, "S1", "G1", "LATIN"},
                {LinkKind::Structure, "S0", "", "ACADEMIE"}};
    auto scope = compute_scope({s1});
    CHECK(scope.labels.size() == 2);
    CHECK(scope.labels.at({"test", "S1", LinkKind::Class, "6A"}) == "6EME A");
    CHECK(scope.labels.at({"test", "S1", LinkKind::Group, "G1"}) == "LATIN");
}

TEST_CASE("scope: no school, nobody") {
    auto scope = compute_scope({});
    CHECK(scope.people.empty());
    CHECK(scope.schools.empty());
    CHECK(scope.labels.empty());
}
