// BatchedInsert: rows kept until a statement's worth, the rest written by flush(), in the
// order they came; errors name the table.
#include <doctest/doctest.h>

#include "sync/store/batched_insert.hpp"
#include "sync/store/sqlite.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

std::int64_t count_rows(Database& db) {
    auto statement = db.prepare("SELECT count(*) FROM t");
    REQUIRE(statement);
    REQUIRE(*statement->step());
    auto count = statement->column_int(0);
    statement->reset();
    return count;
}

std::string rows_in_order(Database& db) {
    auto statement = db.prepare("SELECT n, ifnull(s, 'NULL') FROM t ORDER BY rowid");
    REQUIRE(statement);
    std::string rows;
    REQUIRE(statement->for_each_row([&] {
        rows += std::to_string(statement->column_int(0)) + "=" + statement->column_text(1) + " ";
    }));
    return rows;
}

struct Fixture {
    Database db;
    BatchedInsert batch;
    Fixture() {
        auto opened = Database::open(":memory:", OpenMode::ReadWrite);
        REQUIRE(opened);
        db = std::move(*opened);
        REQUIRE(db.exec("CREATE TABLE t (n INTEGER UNIQUE, s TEXT)"));
        auto prepared = BatchedInsert::prepare(db, "INSERT INTO t (n, s) VALUES", 2, 3);
        REQUIRE(prepared);
        batch = std::move(*prepared);
    }
};

} // namespace

TEST_CASE("batched insert: a statement's worth of rows is written at once, the rest by flush") {
    Fixture f;
    std::vector<std::int64_t> seen;
    for (std::int64_t n = 1; n <= 7; ++n) {
        f.batch.set(0, n).set_optional(1, n % 2 ? "odd" : "");
        REQUIRE(f.batch.end_row());
        seen.push_back(count_rows(f.db));
    }
    CHECK(seen == std::vector<std::int64_t>{0, 0, 3, 3, 3, 6, 6});
    CHECK_FALSE(f.batch.empty());
    REQUIRE(f.batch.flush());
    CHECK(f.batch.empty());
    CHECK(rows_in_order(f.db) == "1=odd 2=NULL 3=odd 4=NULL 5=odd 6=NULL 7=odd ");
}

TEST_CASE("batched insert: texts are copied when set, the caller's buffer may change") {
    Fixture f;
    std::string text = "first";
    f.batch.set(0, std::int64_t{1}).set(1, text);
    REQUIRE(f.batch.end_row());
    text = "overwritten";
    REQUIRE(f.batch.flush());
    CHECK(rows_in_order(f.db) == "1=first ");
}

TEST_CASE("batched insert: a failed write names the table, discard forgets the rows kept") {
    Fixture f;
    for (std::int64_t n : {1, 1}) {
        f.batch.set(0, n).set_null(1);
        REQUIRE(f.batch.end_row());
    }
    auto flushed = f.batch.flush();
    REQUIRE_FALSE(flushed);
    CHECK(flushed.error().message.find("writing a row into t") != std::string::npos);
    CHECK(flushed.error().message.find("UNIQUE") != std::string::npos);
    for (std::int64_t n : {5, 5, 6}) {
        f.batch.set(0, n).set_null(1);
        auto ended = f.batch.end_row();
        if (n == 6) {
            REQUIRE_FALSE(ended);
            CHECK(ended.error().message.find("writing 3 rows into t") != std::string::npos);
        }
    }
    f.batch.set(0, std::int64_t{9}).set_null(1);
    REQUIRE(f.batch.end_row());
    f.batch.discard();
    REQUIRE(f.batch.flush());
    CHECK(rows_in_order(f.db) == "1=NULL ");
}
