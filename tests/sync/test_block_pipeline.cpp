// Specification of the two-thread reader (sync/block_pipeline.hpp): same records as the
// plain reader, errors from either side stop both without a deadlock.
#include <doctest/doctest.h>

#include "sync/block_pipeline.hpp"
#include "tests/sync/export_writer.hpp"

using namespace aafd;

namespace {

std::string many_pupils(int count) {
    std::vector<test::TestRecord> records;
    for (int i = 0; i < count; ++i)
        records.push_back({std::to_string(1000 + i), {{"sn", {"NOM" + std::to_string(i)}}}});
    return test::export_xml(Category::Pupil, records);
}

class CollectingSink final : public RecordSink {
public:
    explicit CollectingSink(int fail_at_block = -1) : m_fail_at(fail_at_block) {}
    Result<void> on_metadata(const FileMetadata&) override {
        ++metadata;
        return {};
    }
    Result<void> on_block(RecordBlock& block) override {
        if (blocks++ == m_fail_at)
            return fail(ErrorCode::Io, "disk full");
        for (const auto& record : block.records())
            ids.emplace_back(record.id);
        return {};
    }
    int metadata = 0;
    int blocks = 0;
    std::vector<std::string> ids;

private:
    int m_fail_at;
};

} // namespace

TEST_CASE("the pipelined reader gives the same records, in order, as the plain one") {
    std::string xml = many_pupils(500);
    ReadOptions options;
    options.block_size = 4096; // many blocks
    CollectingSink plain, pipelined;
    auto a = read_export(*make_string_source(xml), "f.xml", plain, options);
    auto b = sync::read_export_pipelined(*make_string_source(xml), "f.xml", pipelined, options);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(pipelined.blocks > 10);
    CHECK(pipelined.metadata == 1);
    CHECK(pipelined.ids == plain.ids);
    CHECK(b->records == 500);
    CHECK(b->sha256 == a->sha256);
}

TEST_CASE("a consumer error stops the reader and is returned") {
    ReadOptions options;
    options.block_size = 4096;
    CollectingSink failing(3);
    auto result = sync::read_export_pipelined(*make_string_source(many_pupils(2000)), "f.xml",
                                              failing, options, 1);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::Io);
    CHECK(result.error().message == "disk full");
    CHECK(failing.blocks == 4);
}

TEST_CASE("a reader error reaches the caller after the good blocks") {
    std::string xml = many_pupils(300);
    xml.resize(xml.size() - 40); // truncated
    ReadOptions options;
    options.block_size = 4096;
    CollectingSink sink;
    auto result = sync::read_export_pipelined(*make_string_source(xml), "cut.xml", sink, options);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::BadInput);
    CHECK(result.error().message.starts_with("cut.xml:"));
    CHECK(sink.ids.size() >= 290);
}
