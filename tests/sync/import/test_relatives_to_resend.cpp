// Specification of the relatives a pupil's change re-sends (sync/import/relatives_to_resend).
#include <algorithm>

#include <doctest/doctest.h>

#include "sync/import/relatives_to_resend.hpp"

using namespace aafd::sync;

namespace {

Entity pupil(std::vector<Link> links) {
    Entity entity;
    entity.links = std::move(links);
    std::sort(entity.links.begin(), entity.links.end());
    return entity;
}

Link school(const std::string& id) { return {LinkKind::Structure, id, "", ""}; }
Link relative(const std::string& id, const std::string& legal = "1") {
    return {LinkKind::Relative, id, "10", legal};
}

using Ids = std::vector<std::string>;

} // namespace

TEST_CASE("a pupil's relatives are re-sent when its links to them or its schools change") {
    auto before = pupil({school("S1"), relative("R1"), relative("R2")});
    SUBCASE("nothing re-sent when the links stay") {
        auto renamed = before;
        renamed.last_name = "MARTIN";
        CHECK(relatives_to_resend(&before, &renamed).empty());
        // a class or link code is not in a relative's line
        auto other_code = pupil({school("S1"),
                                 {LinkKind::Class, "S1", "6A", "6EME A"},
                                 {LinkKind::Relative, "R1", "20", "1"},
                                 relative("R2")});
        CHECK(relatives_to_resend(&before, &other_code).empty());
    }
    SUBCASE("a relative named or no longer named, or named with another legal code") {
        auto after = pupil({school("S1"), relative("R2", "2"), relative("R3")});
        CHECK(relatives_to_resend(&before, &after) == Ids{"R1", "R2", "R3"});
    }
    SUBCASE("another school: every relative, before and after") {
        auto after = pupil({school("S2"), relative("R1"), relative("R3")});
        CHECK(relatives_to_resend(&before, &after) == Ids{"R1", "R2", "R3"});
    }
    SUBCASE("the pupil arrives, comes back or leaves: every relative it names") {
        CHECK(relatives_to_resend(nullptr, &before) == Ids{"R1", "R2"});
        CHECK(relatives_to_resend(&before, nullptr) == Ids{"R1", "R2"});
    }
}
