// Specification of the two-thread reader (sync/import/block_pipeline.hpp): same records as the
// plain reader, file after file; errors from either side stop both without a deadlock.
#include <atomic>
#include <thread>

#include <doctest/doctest.h>

#include "sync/import/block_pipeline.hpp"
#include "tests/parsers/read_options.hpp"
#include "tests/sync/export_writer.hpp"

using namespace aafd;

namespace {

std::string many_pupils(int count, int first_id = 1000) {
    std::vector<test::TestRecord> records;
    for (int i = 0; i < count; ++i)
        records.push_back({std::to_string(first_id + i), {{"sn", {"NOM" + std::to_string(i)}}}});
    return test::export_xml(Category::Pupil, records);
}

sync::PipelineInput input(std::string name, std::string xml) {
    return {std::move(name), [xml = std::move(xml)]() -> Result<std::unique_ptr<ByteSource>> {
                return make_string_source(xml);
            }};
}

class CollectingSink final : public sync::FilesSink {
public:
    explicit CollectingSink(int fail_at_block = -1) : m_fail_at(fail_at_block) {}
    Result<void> on_file_start(std::size_t index) override {
        events.push_back("start " + std::to_string(index));
        return {};
    }
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
    Result<void> on_file_end(std::size_t index, const FileSummary& summary) override {
        events.push_back("end " + std::to_string(index) + " " + std::to_string(summary.records));
        summaries.push_back(summary);
        return {};
    }
    int metadata = 0;
    int blocks = 0;
    std::vector<std::string> ids;
    std::vector<std::string> events;
    std::vector<FileSummary> summaries;

private:
    int m_fail_at;
};

// The plain reader's records of one file.
std::vector<std::string> plain_ids(const std::string& xml, const ReadOptions& options,
                                   FileSummary& summary) {
    CollectingSink plain;
    auto read = read_export(*make_string_source(xml), "f.xml", plain, options);
    REQUIRE(read);
    summary = *read;
    return plain.ids;
}

} // namespace

TEST_CASE("the pipelined reader gives the same records, in order, as the plain one") {
    std::string first = many_pupils(500);
    std::string second = many_pupils(300, 5000);
    ReadOptions options;
    options.block_size = 4096; // many blocks
    FileSummary first_summary, second_summary;
    auto expected = plain_ids(first, options, first_summary);
    auto more = plain_ids(second, options, second_summary);
    expected.insert(expected.end(), more.begin(), more.end());

    std::vector<sync::PipelineInput> inputs{input("a.xml", first), input("b.xml", second)};
    CollectingSink pipelined;
    REQUIRE(sync::read_exports_pipelined(inputs, pipelined, options));
    CHECK(pipelined.blocks > 10);
    CHECK(pipelined.metadata == 2);
    CHECK(pipelined.ids == expected);
    CHECK(pipelined.events ==
          std::vector<std::string>{"start 0", "end 0 500", "start 1", "end 1 300"});
    REQUIRE(pipelined.summaries.size() == 2);
    CHECK(pipelined.summaries[0].sha256 == first_summary.sha256);
    CHECK(pipelined.summaries[1].sha256 == second_summary.sha256);
}

TEST_CASE("a consumer error stops the reader and is returned") {
    ReadOptions options;
    options.block_size = 4096;
    std::vector<sync::PipelineInput> inputs{input("f.xml", many_pupils(2000)),
                                            input("g.xml", many_pupils(2000))};
    CollectingSink failing(3);
    auto result = sync::read_exports_pipelined(inputs, failing, options, {}, 1);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::Io);
    CHECK(result.error().message == "disk full");
    CHECK(failing.blocks == 4);
    CHECK(failing.events == std::vector<std::string>{"start 0"});
}

TEST_CASE("a reader error reaches the caller after the good blocks") {
    std::string xml = many_pupils(300);
    xml.resize(xml.size() - 40); // truncated
    ReadOptions options;
    options.block_size = 4096;
    std::vector<sync::PipelineInput> inputs{input("good.xml", many_pupils(10, 9000)),
                                            input("cut.xml", xml), input("never.xml", xml)};
    CollectingSink sink;
    auto result = sync::read_exports_pipelined(inputs, sink, options);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::BadInput);
    CHECK(result.error().message.starts_with("cut.xml:"));
    CHECK(sink.ids.size() >= 300);
    CHECK(sink.events == std::vector<std::string>{"start 0", "end 0 10", "start 1"});
}

TEST_CASE("a file that cannot be opened stops the set with the opener's error") {
    std::vector<sync::PipelineInput> inputs{
        input("a.xml", many_pupils(5)), {"gone.xml", []() -> Result<std::unique_ptr<ByteSource>> {
                                             return fail(ErrorCode::Io,
                                                         "gone.xml: No such file or directory");
                                         }}};
    CollectingSink sink;
    auto result = sync::read_exports_pipelined(inputs, sink, test::k_read_options);
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "gone.xml: No such file or directory");
    CHECK(sink.events == std::vector<std::string>{"start 0", "end 0 5", "start 1"});
}

namespace {

// Counts where it is destroyed, once: a moved-from one does not count.
struct FreedOn {
    std::atomic<int>* freed;
    std::atomic<int>* freed_on_caller;
    std::thread::id caller;
    bool owner = true;
    FreedOn(std::atomic<int>* all, std::atomic<int>* on_caller)
        : freed(all), freed_on_caller(on_caller), caller(std::this_thread::get_id()) {}
    FreedOn(FreedOn&& other) noexcept
        : freed(other.freed), freed_on_caller(other.freed_on_caller), caller(other.caller) {
        other.owner = false;
    }
    FreedOn& operator=(FreedOn&&) = delete;
    ~FreedOn() {
        if (!owner)
            return;
        ++*freed;
        if (std::this_thread::get_id() == caller)
            ++*freed_on_caller;
    }
};

// Records, for each block, how many prepared entries came with it and which thread made
// them; leaves one FreedOn per block.
class PreparedSink final : public sync::FilesSink {
public:
    Result<void> on_file_start(std::size_t) override { return {}; }
    Result<void> on_metadata(const FileMetadata&) override { return {}; }
    Result<void> on_block(RecordBlock&) override {
        ++unprepared;
        return {};
    }
    Result<void> on_prepared_block(RecordBlock& block, std::vector<sync::PreparedRecord>& prepared,
                                   sync::Leftovers& leftovers) override {
        leftovers.add(FreedOn(&freed, &freed_on_caller));
        matching += prepared.size() == block.records().size() ? 1 : 0;
        for (std::size_t i = 0; i < prepared.size(); ++i)
            hashes_match +=
                prepared[i].hash == sync::canonical_hash(block.records()[i].attributes) ? 1 : 0;
        records += block.records().size();
        ++blocks;
        return {};
    }
    Result<void> on_file_end(std::size_t, const FileSummary&) override { return {}; }
    int blocks = 0;
    int matching = 0;
    int unprepared = 0;
    std::size_t records = 0;
    std::size_t hashes_match = 0;
    std::atomic<int> freed = 0;
    std::atomic<int> freed_on_caller = 0;
};

} // namespace

TEST_CASE("the preparer runs on the reader thread, once per block, before the sink sees it") {
    ReadOptions options;
    options.block_size = 4096;
    std::vector<sync::PipelineInput> inputs{input("a.xml", many_pupils(400)),
                                            input("b.xml", many_pupils(200, 7000))};
    std::atomic<int> prepared_blocks = 0;
    std::atomic<int> on_caller_thread = 0;
    const auto caller = std::this_thread::get_id();
    sync::BlockPreparer prepare = [&](const RecordBlock& block) {
        ++prepared_blocks;
        if (std::this_thread::get_id() == caller)
            ++on_caller_thread;
        return sync::prepare_records(block.records());
    };
    PreparedSink sink;
    REQUIRE(sync::read_exports_pipelined(inputs, sink, options, prepare));
    CHECK(sink.blocks > 10);
    CHECK(sink.unprepared == 0);
    CHECK(sink.matching == sink.blocks);
    CHECK(prepared_blocks == sink.blocks);
    CHECK(on_caller_thread == 0);
    CHECK(sink.records == 600);
    CHECK(sink.hashes_match == 600);
}

TEST_CASE("what the sink leaves is freed on the reader thread, all of it by the end") {
    ReadOptions options;
    options.block_size = 4096;
    std::vector<sync::PipelineInput> inputs{input("a.xml", many_pupils(600))};
    PreparedSink sink;
    const std::size_t depth = 2;
    REQUIRE(sync::read_exports_pipelined(inputs, sink, options, {}, depth));
    REQUIRE(sink.blocks > 10);
    CHECK(sink.freed == sink.blocks);
    // Those left after the reader's last block are freed with the pipeline, by the caller.
    CHECK(sink.freed_on_caller <= static_cast<int>(depth) + 2);
}
