// Batch files streamed: lines rendered into a buffer, written and hashed by the MiB.
#include "sync/feed/batch_writer.hpp"

namespace aafd::sync {
namespace {

constexpr std::size_t k_buffer_bytes = 1 << 20;

} // namespace

Result<BatchWriter> BatchWriter::open(const std::filesystem::path& path, FeedFormat format,
                                      const FeedFields& fields) {
    auto file = std::make_unique<AtomicFile>(path);
    if (auto created = file->create(); !created)
        return std::unexpected(created.error());
    BatchWriter writer(std::move(file), format, fields);
    writer.m_buffer = feed_header(format, fields);
    return writer;
}

Result<void> BatchWriter::append(const FeedLine& line) {
    if (m_lines > 0 && line.seq < m_last_seq)
        return fail(ErrorCode::Internal, "feed lines out of order: seq " +
                                             std::to_string(line.seq) + " after seq " +
                                             std::to_string(m_last_seq));
    auto rendered = render_feed_line(m_format, line, m_fields);
    if (!rendered)
        return std::unexpected(rendered.error());
    m_buffer += *rendered;
    ++m_lines;
    m_last_seq = line.seq;
    return m_buffer.size() >= k_buffer_bytes ? flush() : Result<void>{};
}

Result<void> BatchWriter::flush() {
    m_sha256.update(m_buffer);
    auto written = m_file->write(m_buffer);
    m_buffer.clear();
    return written;
}

Result<std::string> BatchWriter::finish(mode_t mode) {
    if (auto flushed = flush(); !flushed)
        return std::unexpected(flushed.error());
    if (auto committed = m_file->commit(mode); !committed)
        return std::unexpected(committed.error());
    return m_sha256.hex_digest();
}

} // namespace aafd::sync
