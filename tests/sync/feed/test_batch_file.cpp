// Specification of batch files (sync/feed/batch_file.hpp): their names, their content, and
// writing them so that a provider's folder never shows a partial file.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "sync/feed/batch_file.hpp"
#include "tests/test_support.hpp"
#include "util/sha256.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

FeedLine line_of(std::int64_t seq, FeedOp op, std::string id) {
    FeedLine line;
    line.seq = seq;
    line.op = op;
    line.reason = op == FeedOp::Delete ? "deleted" : "";
    line.account.id = std::move(id);
    line.account.category = "PersEducNat";
    line.account.flow = "1D";
    line.account.login = "paul.durand";
    line.account.last_name = "DURAND";
    line.account.first_name = "Paul";
    line.account.profiles = {"National_DIR", "National_ENS"};
    return line;
}

const FeedFields k_fields{FeedField::Login, FeedField::Names, FeedField::Profiles};

} // namespace

TEST_CASE("a batch is named after its provider and sequence range, and parsed back") {
    BatchName range{"beneylu", BatchKind::Range, 1, 250, FeedFormat::JsonLines};
    CHECK(batch_file_name(range) == "aafd-beneylu-000000000001-000000000250.jsonl");
    BatchName snapshot{"beneylu", BatchKind::Snapshot, 250, 250, FeedFormat::Csv};
    CHECK(batch_file_name(snapshot) == "aafd-beneylu-snapshot-000000000250.csv");
    BatchName wide{"ent-06", BatchKind::Range, 999999999999, 1234567890123, FeedFormat::Csv};
    CHECK(batch_file_name(wide) == "aafd-ent-06-999999999999-1234567890123.csv");

    for (const auto& name :
         {range, snapshot, wide, BatchName{"snapshot", BatchKind::Range, 0, 0, FeedFormat::Csv},
          BatchName{"x-snapshot", BatchKind::Range, 3, 4, FeedFormat::Csv},
          BatchName{"p-000000000001", BatchKind::Snapshot, 7, 7, FeedFormat::JsonLines}}) {
        CAPTURE(batch_file_name(name));
        CHECK(parse_batch_file_name(batch_file_name(name)) == name);
    }
}

TEST_CASE("other names are not batches") {
    for (std::string_view name : {
             ".aafd-beneylu-000000000001-000000000250.jsonl.4242-0.tmp",
             "aafd-beneylu-000000000001-000000000250.json",
             "aafd-beneylu-000000000001-000000000250",
             "aafd-beneylu-00000000001-000000000250.jsonl",
             "aafd-beneylu-000000000001-0000000000250.jsonl",
             "aafd-beneylu-000000000002-000000000001.jsonl",
             "aafd-beneylu-+00000000001-000000000250.jsonl",
             "aafd-beneylu-000000000001-99999999999999999999.jsonl",
             "aafd--000000000001-000000000250.jsonl",
             "aafd-000000000001-000000000250.jsonl",
             "aafd-beneylu-snapshot.jsonl",
             "aafd-beneylu-000000000250.jsonl",
             "aafd-beneylu-Snapshot-000000000250.jsonl",
             "beneylu-000000000001-000000000250.jsonl",
             "aafd-.jsonl",
         }) {
        CAPTURE(name);
        CHECK_FALSE(parse_batch_file_name(name));
    }
}

TEST_CASE("a batch's content is the header, then its lines in order, with its SHA-256") {
    std::vector<FeedLine> lines{line_of(10, FeedOp::Create, "77"),
                                line_of(12, FeedOp::Delete, "78"),
                                line_of(12, FeedOp::Update, "79")};
    auto csv = render_batch(FeedFormat::Csv, lines, k_fields);
    REQUIRE(csv);
    CHECK(csv->content ==
          "seq,op,reason,id,category,flow,source,login,activation_code,last_name,first_name,"
          "profiles\r\n"
          "10,create,,77,PersEducNat,1D,,paul.durand,,DURAND,Paul,National_DIR|National_ENS\r\n"
          "12,delete,deleted,78,PersEducNat,1D,,paul.durand,,,,\r\n"
          "12,update,,79,PersEducNat,1D,,paul.durand,,DURAND,Paul,National_DIR|National_ENS\r\n");
    CHECK(csv->sha256 == sha256_hex(csv->content));

    auto jsonl = render_batch(FeedFormat::JsonLines, {lines[1]}, k_fields);
    REQUIRE(jsonl);
    CHECK(jsonl->content ==
          R"({"seq":12,"op":"delete","reason":"deleted","id":"78",)"
          R"("category":"PersEducNat","flow":"1D","source":"","login":"paul.durand"})"
          "\n");

    SUBCASE("an empty batch is empty, or the CSV header alone") {
        auto empty = render_batch(FeedFormat::JsonLines, {}, k_fields);
        REQUIRE(empty);
        CHECK(empty->content.empty());
        CHECK(empty->sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        auto header = render_batch(FeedFormat::Csv, {}, {});
        REQUIRE(header);
        CHECK(header->content == "seq,op,reason,id,category,flow,source\r\n");
    }
    SUBCASE("lines going back in sequence are a bug") {
        auto backwards = render_batch(FeedFormat::JsonLines, {lines[1], lines[0]}, k_fields);
        REQUIRE_FALSE(backwards);
        CHECK(backwards.error().code == ErrorCode::Internal);
        CHECK(backwards.error().message == "feed lines out of order: seq 10 after seq 12");
    }
    SUBCASE("a line that cannot be rendered fails the batch") {
        lines[2].account.last_name = "DUR\xC0ND";
        auto invalid = render_batch(FeedFormat::Csv, lines, k_fields);
        REQUIRE_FALSE(invalid);
        CHECK(invalid.error().message == "feed line seq 12 (id 79): last_name is not valid UTF-8");
    }
}
