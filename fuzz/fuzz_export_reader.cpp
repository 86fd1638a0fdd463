// libFuzzer target: arbitrary bytes read as an export file, whole, then again cut into
// one-record blocks and handed out a few bytes at a time. Must never crash, hang or
// grow memory without bound; when both reads succeed they give the same records.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "parsers/byte_source.hpp"
#include "parsers/export_reader.hpp"

namespace {

// Copies every view of every record out of its block: ASan checks each byte is live.
class CopyingSink : public aafd::RecordSink {
public:
    aafd::Result<void> on_metadata(const aafd::FileMetadata&) override { return {}; }
    aafd::Result<void> on_block(aafd::RecordBlock& block) override {
        for (const aafd::Record& record : block.records()) {
            std::string copy(record.id);
            for (const aafd::Attribute& attribute : record.attributes) {
                copy += '\x1F';
                copy += attribute.name;
                for (std::string_view value : attribute.values)
                    copy.append("\x1E").append(value);
            }
            copy += '@' + std::to_string(record.line);
            m_records.push_back(std::move(copy));
        }
        return {};
    }
    const std::vector<std::string>& records() const { return m_records; }

private:
    std::vector<std::string> m_records;
};

// Hands out at most `piece` bytes a read, cutting characters and tags anywhere.
class PieceSource : public aafd::ByteSource {
public:
    PieceSource(std::span<const char> bytes, std::size_t piece) : m_bytes(bytes), m_piece(piece) {}
    aafd::Result<std::size_t> read(std::span<char> buffer) override {
        const std::size_t size = std::min({buffer.size(), m_piece, m_bytes.size() - m_offset});
        std::copy_n(m_bytes.data() + m_offset, size, buffer.data());
        m_offset += size;
        return size;
    }

private:
    std::span<const char> m_bytes;
    std::size_t m_piece;
    std::size_t m_offset = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const char> bytes(reinterpret_cast<const char*>(data), size);
    const auto whole = aafd::make_string_source(std::string(bytes.begin(), bytes.end()));
    CopyingSink whole_sink;
    const auto whole_read = aafd::read_export(*whole, "fuzz.xml", whole_sink,
                                              {.block_size = 1u << 20}); // the shipped one

    PieceSource pieces(bytes, 7);
    CopyingSink pieces_sink;
    const auto pieces_read = aafd::read_export(pieces, "fuzz.xml", pieces_sink,
                                               {.block_size = 1, .max_record_size = 1u << 16});
    if (whole_read && pieces_read && whole_sink.records() != pieces_sink.records())
        std::abort(); // the cut of the blocks changed what was read
    return 0;
}
