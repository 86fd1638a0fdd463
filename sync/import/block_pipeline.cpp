// A bounded producer/consumer queue between the reader thread and the caller.
#include "sync/import/block_pipeline.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

namespace aafd::sync {
namespace {

struct FileStart {
    std::size_t index = 0;
};
struct FileEnd {
    std::size_t index = 0;
    FileSummary summary;
};
struct PreparedBlock {
    RecordBlock block;
    std::vector<PreparedRecord> prepared;
};
using Item = std::variant<FileStart, FileMetadata, PreparedBlock, FileEnd>;

class Channel {
public:
    explicit Channel(std::size_t depth) : m_depth(depth) {}

    // Producer side. false when the consumer has given up.
    bool push(Item item) {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [&] { return m_cancelled || m_items.size() < m_depth; });
        if (m_cancelled)
            return false;
        m_items.push_back(std::move(item));
        m_ready.notify_one();
        return true;
    }
    void close(Result<void> result) {
        std::lock_guard lock(m_mutex);
        m_result = std::move(result);
        m_ready.notify_one();
    }

    // Consumer side. nullopt once the producer has closed and the queue is empty.
    std::optional<Item> pop() {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return !m_items.empty() || m_result.has_value(); });
        if (m_items.empty())
            return std::nullopt;
        Item item = std::move(m_items.front());
        m_items.pop_front();
        m_space.notify_one();
        return item;
    }
    void cancel() {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_items.clear();
        m_space.notify_one();
    }
    // Blocks the consumer is done with go back to the reader, which refills their
    // buffers instead of allocating new ones for every block, and frees the rest.
    void recycle(RecordBlock block, Leftovers& leftovers) {
        std::lock_guard lock(m_mutex);
        m_spares.push_back(std::move(block));
        m_leftovers.take_all_from(leftovers);
    }
    RecordBlock take_spare(Leftovers& to_free) {
        std::lock_guard lock(m_mutex);
        to_free.take_all_from(m_leftovers);
        if (m_spares.empty())
            return RecordBlock{};
        RecordBlock spare = std::move(m_spares.back());
        m_spares.pop_back();
        return spare;
    }
    Result<void> result() {
        std::lock_guard lock(m_mutex);
        return std::move(*m_result);
    }

private:
    std::size_t m_depth;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_space;
    std::deque<Item> m_items;
    std::vector<RecordBlock> m_spares;
    Leftovers m_leftovers;
    std::optional<Result<void>> m_result;
    bool m_cancelled = false;
};

class ForwardingSink final : public RecordSink {
public:
    ForwardingSink(Channel& channel, const BlockPreparer& prepare)
        : m_channel(channel), m_prepare(prepare) {}
    Result<void> on_metadata(const FileMetadata& metadata) override { return forward(metadata); }
    Result<void> on_block(RecordBlock& block) override {
        Leftovers to_free; // freed here, outside the channel's lock
        PreparedBlock full{m_channel.take_spare(to_free), {}};
        std::swap(full.block, block); // the reader goes on with the spare's buffers
        if (m_prepare)
            full.prepared = m_prepare(full.block);
        return forward(std::move(full));
    }
    Result<void> forward(Item item) {
        if (!m_channel.push(std::move(item)))
            return fail(ErrorCode::Internal, "reading cancelled");
        return {};
    }

private:
    Channel& m_channel;
    const BlockPreparer& m_prepare;
};

Result<void> read_all(std::span<const PipelineInput> inputs, Channel& channel,
                      const ReadOptions& options, const BlockPreparer& prepare) {
    ForwardingSink forwarding(channel, prepare);
    for (std::size_t index = 0; index < inputs.size(); ++index) {
        if (auto done = forwarding.forward(FileStart{index}); !done)
            return done;
        auto source = inputs[index].open();
        if (!source)
            return std::unexpected(source.error());
        auto summary = read_export(**source, inputs[index].display_name, forwarding, options);
        if (!summary)
            return std::unexpected(summary.error());
        if (auto done = forwarding.forward(FileEnd{index, std::move(*summary)}); !done)
            return done;
    }
    return {};
}

Result<void> deliver(Item& item, FilesSink& sink, Channel& channel) {
    if (auto* start = std::get_if<FileStart>(&item))
        return sink.on_file_start(start->index);
    if (auto* metadata = std::get_if<FileMetadata>(&item))
        return sink.on_metadata(*metadata);
    if (auto* end = std::get_if<FileEnd>(&item))
        return sink.on_file_end(end->index, end->summary);
    auto& prepared = std::get<PreparedBlock>(item);
    Leftovers leftovers;
    auto done = sink.on_prepared_block(prepared.block, prepared.prepared, leftovers);
    leftovers.add(std::move(prepared.prepared));
    channel.recycle(std::move(prepared.block), leftovers);
    return done;
}

Result<void> consume(Channel& channel, FilesSink& sink) {
    while (auto item = channel.pop())
        if (auto done = deliver(*item, sink, channel); !done)
            return done;
    return {};
}

} // namespace

Result<void> read_exports_pipelined(std::span<const PipelineInput> inputs, FilesSink& sink,
                                    const ReadOptions& options, const BlockPreparer& prepare,
                                    std::size_t depth) {
    Channel channel(depth);
    std::jthread reader([&] {
        try {
            channel.close(read_all(inputs, channel, options, prepare));
        } catch (const std::exception& e) {
            channel.close(fail(ErrorCode::Internal, std::string("reading a set: ") + e.what()));
        }
    });
    auto consumed = consume(channel, sink);
    if (!consumed) {
        channel.cancel();
        reader.join();
        return consumed;
    }
    reader.join();
    return channel.result();
}

} // namespace aafd::sync
