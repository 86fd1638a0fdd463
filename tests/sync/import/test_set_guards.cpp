// Specification of the ordering and deletion guards (sync/import/set_guards.hpp).
#include <doctest/doctest.h>

#include "sync/import/set_guards.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

ExportSet set_on(SetKind kind, Date date) {
    ExportSet set;
    set.flow = Flow::First;
    set.kind = kind;
    set.date = date;
    return set;
}

AppliedSet applied(SetKind kind, Date date, std::int64_t id) {
    AppliedSet set;
    set.id = id;
    set.flow = Flow::First;
    set.kind = kind;
    set.date = date;
    return set;
}

using namespace std::chrono;
constexpr Date k_sunday{year{2025}, September, day{7}};
constexpr Date k_monday{year{2025}, September, day{8}};

} // namespace

TEST_CASE("a set must be newer than the last of its kind") {
    CHECK(check_order(set_on(SetKind::Full, k_monday), applied(SetKind::Full, k_sunday, 1), {}));
    auto same =
        check_order(set_on(SetKind::Full, k_sunday), applied(SetKind::Full, k_sunday, 1), {});
    REQUIRE_FALSE(same);
    CHECK(same.error().code == ErrorCode::StaleSet);
    CHECK(same.error().message ==
          "set 1D Complet 2025-09-07 is not newer than the 1D Complet set of 2025-09-07 already "
          "applied (set #1); not applied (use --force to apply it anyway)");
}

TEST_CASE("a delta older than the last full set is refused, one of the same day is not") {
    CHECK(check_order(set_on(SetKind::Delta, k_sunday), {}, applied(SetKind::Full, k_sunday, 4)));
    auto older =
        check_order(set_on(SetKind::Delta, k_sunday), {}, applied(SetKind::Full, k_monday, 4));
    REQUIRE_FALSE(older);
    CHECK(older.error().message.find("not newer than the 1D Complet set of 2025-09-08") !=
          std::string::npos);
}

TEST_CASE("the deletion guard trips only above both thresholds") {
    DeletionGuard guard{50, 5.0};
    CHECK(check_deletions("s", Category::Pupil, 50, 100, guard));    // count not above 50
    CHECK(check_deletions("s", Category::Pupil, 60, 10000, guard));  // 0.6 %
    CHECK(check_deletions("s", Category::Pupil, 500, 10000, guard)); // exactly 5 %
    auto tripped = check_deletions("2D Complet 2025-09-14", Category::Pupil, 501, 10000, guard);
    REQUIRE_FALSE(tripped);
    CHECK(tripped.error().code == ErrorCode::Guard);
    CHECK(tripped.error().message ==
          "deletion guard: set 2D Complet 2025-09-14 would make 501 of 10000 Eleve disappear "
          "(5.0 %), more than both guard_min_count (50) and guard_max_percent (5 %); nothing of "
          "the set applied. If the departures are real, run again with --allow-mass-deletion");
}

TEST_CASE("a set's digest depends on names and contents, not on order") {
    std::vector<SetFile> a{{"x.xml", 1, "aa", Category::Pupil, 0, 1},
                           {"y.xml", 1, "bb", Category::Pupil, 1, 1}};
    std::vector<SetFile> b{a[1], a[0]};
    CHECK(set_digest(a) == set_digest(b));
    b[0].sha256 = "cc";
    CHECK(set_digest(a) != set_digest(b));
}
