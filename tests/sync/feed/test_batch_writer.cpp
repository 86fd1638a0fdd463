// Specification of streamed batch files (sync/feed/batch_writer.hpp): the file holds what
// render_batch renders for the same lines, appears whole at finish() only, and a writer
// abandoned leaves nothing behind.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "sync/feed/batch_file.hpp"
#include "sync/feed/batch_writer.hpp"
#include "tests/test_support.hpp"
#include "util/sha256.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

FeedLine line_of(std::int64_t seq, std::string id) {
    FeedLine line;
    line.seq = seq;
    line.op = FeedOp::Create;
    line.account.id = std::move(id);
    line.account.category = "PersEducNat";
    line.account.flow = "2D";
    line.account.login = "paul.durand";
    line.account.last_name = "DURAND";
    line.account.first_name = "Paul";
    return line;
}

const FeedFields k_fields{FeedField::Login, FeedField::Names};

std::size_t entries(const std::filesystem::path& folder) {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(folder),
                                                  std::filesystem::directory_iterator()));
}

} // namespace

TEST_CASE("a streamed batch holds what render_batch renders, and appears at finish() only") {
    test::TempDir dir;
    auto path = dir / "aafd-p-000000000000-000000000009.csv";
    std::vector<FeedLine> lines;
    for (int i = 0; i < 5000; ++i) // more than one buffer of lines
        lines.push_back(line_of(i / 10, std::to_string(1000 + i)));
    auto writer = BatchWriter::open(path, FeedFormat::Csv, k_fields);
    REQUIRE(writer);
    for (const auto& line : lines)
        REQUIRE(writer->append(line));
    CHECK_FALSE(std::filesystem::exists(path));
    auto sha256 = writer->finish(k_batch_file_mode);
    REQUIRE(sha256);
    auto rendered = render_batch(FeedFormat::Csv, lines, k_fields);
    REQUIRE(rendered);
    CHECK(test::read_file(path) == rendered->content);
    CHECK(*sha256 == rendered->sha256);
    CHECK(writer->lines() == 5000);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == k_batch_file_mode);
    CHECK(entries(dir.path()) == 1);
}

TEST_CASE("a streamed batch refuses lines out of order, and abandoned it leaves no file") {
    test::TempDir dir;
    auto path = dir / "aafd-p-000000000000-000000000009.jsonl";
    {
        auto writer = BatchWriter::open(path, FeedFormat::JsonLines, k_fields);
        REQUIRE(writer);
        REQUIRE(writer->append(line_of(5, "77")));
        auto backwards = writer->append(line_of(4, "78"));
        REQUIRE_FALSE(backwards);
        CHECK(backwards.error().code == ErrorCode::Internal);
        CHECK(backwards.error().message == "feed lines out of order: seq 4 after seq 5");
        CHECK(entries(dir.path()) == 1); // the temporary file
    }
    CHECK(entries(dir.path()) == 0);
}
