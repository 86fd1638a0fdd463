// Specification of `aafd audit verify` (sync/audit/verify.hpp): the trail is tampered
// with in each way the issue names, and the first bad record is named exactly.
#include <doctest/doctest.h>

#include "sync/audit/verify.hpp"
#include "tests/sync/audit_test_trail.hpp"

using namespace aafd;

namespace {

// Three days of three records: seq 1-3, 4-6, 7-9.
struct Trail {
    test::TempDir dir;
    Trail() { test::write_days(dir.path(), 3, 3); }
    std::filesystem::path day(int d) const {
        return dir / ("2025-09-0" + std::to_string(d) + ".jsonl");
    }
    std::string damage(std::optional<Date> since = std::nullopt) const {
        auto result = sync::verify_audit_trail(dir.path(), since);
        REQUIRE(result);
        return result->damage ? result->damage->message() : "intact";
    }
};

} // namespace

TEST_CASE("an untouched trail verifies, from the start and from a day") {
    Trail t;
    auto all = sync::verify_audit_trail(t.dir.path(), std::nullopt);
    REQUIRE(all);
    CHECK_FALSE(all->damage);
    CHECK(all->files == 3);
    CHECK(all->records == 9);
    CHECK(all->seed == "the start of the trail");
    CHECK(all->head.seq == 9);
    auto since = sync::verify_audit_trail(t.dir.path(), parse_iso_date("2025-09-02"));
    REQUIRE(since);
    CHECK_FALSE(since->damage);
    CHECK(since->files == 2);
    CHECK(since->records == 6);
    CHECK(since->seed == "2025-09-01.jsonl");
}

TEST_CASE("an edited byte: the record's hash does not match") {
    Trail t;
    auto lines = test::file_lines(t.day(2));
    lines[1][lines[1].find("alice")] = 'A';
    test::write_lines(t.day(2), lines);
    CHECK(t.damage() ==
          t.day(2).string() + ": line 2 (seq 5): hash does not match the record: it was edited");
}

TEST_CASE("a deleted record: the next one's seq does not follow") {
    Trail t;
    auto lines = test::file_lines(t.day(2));
    lines.erase(lines.begin() + 1);
    test::write_lines(t.day(2), lines);
    CHECK(t.damage() ==
          t.day(2).string() + ": line 2 (seq 6): expected seq 5: a record was deleted or moved");
}

TEST_CASE("two swapped records") {
    Trail t;
    auto lines = test::file_lines(t.day(2));
    std::swap(lines[1], lines[2]);
    test::write_lines(t.day(2), lines);
    CHECK(t.damage() ==
          t.day(2).string() + ": line 2 (seq 6): expected seq 5: a record was deleted or moved");
}

TEST_CASE("a truncated file: the last line is incomplete") {
    Trail t;
    std::string bytes = test::read_file(t.day(3));
    test::write_file(t.day(3), bytes.substr(0, bytes.size() - 20));
    CHECK(t.damage() == t.day(3).string() + ": line 3: incomplete record: the file is truncated");
}

TEST_CASE("a removed day: the next day does not continue the one before") {
    Trail t;
    std::filesystem::remove(t.day(2));
    CHECK(t.damage() == t.day(3).string() +
                            ": line 1 (seq 7): does not continue 2025-09-01.jsonl (last seq 3): "
                            "a day or records were removed");
    SUBCASE("also when verifying from the day after the hole") {
        CHECK(t.damage(parse_iso_date("2025-09-03")) ==
              t.day(3).string() + ": line 1 (seq 7): does not continue 2025-09-01.jsonl (last "
                                  "seq 3): a day or records were removed");
    }
}

TEST_CASE("a record replaced by a forged one with a valid hash: the next one's prev breaks") {
    Trail t;
    auto lines = test::file_lines(t.day(2));
    auto forged = *sync::parse_audit_line(lines[1]);
    forged.actor = "mallory";
    lines[1] = sync::seal_audit_record(forged);
    test::write_lines(t.day(2), lines);
    CHECK(t.damage() ==
          t.day(2).string() +
              ": line 3 (seq 6): prev does not match the hash of seq 5: a record was replaced");
}

TEST_CASE("a line that is not a record") {
    Trail t;
    auto lines = test::file_lines(t.day(1));
    lines[0] = "hello";
    test::write_lines(t.day(1), lines);
    CHECK(t.damage() == t.day(1).string() + ": line 1: not a JSON record");
}

TEST_CASE("an empty folder is an intact empty trail") {
    test::TempDir dir;
    auto result = sync::verify_audit_trail(dir / "audit", std::nullopt);
    REQUIRE(result);
    CHECK_FALSE(result->damage);
    CHECK(result->records == 0);
}
