// Specification of the audit retention (sync/audit/purge.hpp): whole days go, an
// anchor keeps the chain verifiable from the first kept day.
#include <doctest/doctest.h>

#include "sync/audit/purge.hpp"
#include "sync/audit/verify.hpp"
#include "tests/sync/audit_test_trail.hpp"

using namespace aafd;

TEST_CASE("purge removes the days past retention and verify stays green from the anchor") {
    test::TempDir dir;
    test::write_days(dir.path(), 3, 3);
    auto today = *parse_iso_date("2025-09-04");
    auto plan = sync::purge_audit_trail(dir.path(), 2, today, sync::PurgeMode::Plan);
    REQUIRE(plan);
    REQUIRE(plan->files.size() == 1);
    CHECK(std::filesystem::exists(dir / "2025-09-01.jsonl"));
    auto purged = sync::purge_audit_trail(dir.path(), 2, today, sync::PurgeMode::Remove);
    REQUIRE(purged);
    REQUIRE(purged->anchor);
    CHECK(to_iso(purged->anchor->purged_through) == "2025-09-01");
    CHECK(purged->anchor->head.seq == 3);
    CHECK_FALSE(std::filesystem::exists(dir / "2025-09-01.jsonl"));
    auto anchor = sync::read_audit_anchor(dir.path());
    REQUIRE(anchor);
    CHECK(**anchor == *purged->anchor);

    auto verified = sync::verify_audit_trail(dir.path(), std::nullopt);
    REQUIRE(verified);
    CHECK_FALSE(verified->damage);
    CHECK(verified->seed == "anchor.json");
    CHECK(verified->records == 6);

    SUBCASE("the trail goes on after a purge") {
        auto now = std::make_shared<std::chrono::system_clock::time_point>(test::utc(2025, 9, 4));
        auto log = test::test_log(dir.path(), now);
        REQUIRE(log.record({"audit.purge", dir.path().string(), "ok", {}}));
        CHECK(log.last()->seq == 10);
        CHECK_FALSE(sync::verify_audit_trail(dir.path(), std::nullopt)->damage);
    }
    SUBCASE("removing the first kept day is still caught") {
        std::filesystem::remove(dir / "2025-09-02.jsonl");
        CHECK(sync::verify_audit_trail(dir.path(), std::nullopt)->damage->message() ==
              (dir / "2025-09-03.jsonl").string() +
                  ": line 1 (seq 7): does not continue anchor.json (last seq 3): a day or "
                  "records were removed");
    }
}

TEST_CASE("purge never removes the newest day, and nothing when nothing is old enough") {
    test::TempDir dir;
    test::write_days(dir.path(), 2, 1);
    auto far = *parse_iso_date("2026-09-01");
    auto purged = sync::purge_audit_trail(dir.path(), 1, far, sync::PurgeMode::Remove);
    REQUIRE(purged);
    CHECK(purged->files.size() == 1);
    CHECK(std::filesystem::exists(dir / "2025-09-02.jsonl"));
    auto none = sync::purge_audit_trail(dir.path(), 365, *parse_iso_date("2025-09-03"),
                                        sync::PurgeMode::Remove);
    REQUIRE(none);
    CHECK(none->files.empty());
    CHECK_FALSE(none->anchor);
    CHECK_FALSE(sync::verify_audit_trail(dir.path(), std::nullopt)->damage);
}
