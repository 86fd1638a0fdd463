// Reads one AAF XML file in bounded memory: the text is cut into record-aligned
// blocks (≈ block_size bytes, cut after a closing </addRequest>, </modifyRequest> or
// </deleteRequest>), each decoded to UTF-8 and parsed with pugixml on its own.
// Handles: UTF-8 with or without declaration, ISO-8859-1 and ISO-8859-15 (raw
// bytes or character references), CRLF, HTML named entities (&eacute;), the
// metadata comments of the header (<!-- degre="2D" -->), a DOCTYPE never fetched.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/byte_source.hpp"
#include "parsers/record.hpp"
#include "util/error.hpp"

namespace aafd {

// The records of one block and the memory their views point into.
class RecordBlock {
public:
    RecordBlock();
    ~RecordBlock();
    RecordBlock(RecordBlock&&) noexcept;
    RecordBlock& operator=(RecordBlock&&) noexcept;

    std::span<const Record> records() const { return m_records; }
    std::vector<Record>& mutable_records() { return m_records; }

    struct Storage; // the decoded text and the pugixml document (export_reader.cpp)
    Storage& storage();

private:
    std::unique_ptr<Storage> m_storage;
    std::vector<Record> m_records;
};

struct FileMetadata {
    std::string declared_encoding;               // from <?xml … encoding="…"?>, or empty
    std::map<std::string, std::string> comments; // versionAF, degre, dateGenerationExport…
};

struct ReadOptions {
    // [import] block_size: no default here, config::Import declares it and daemon/ copies it.
    // Small blocks stay in cache and overlap better.
    std::size_t block_size{};
    std::size_t max_record_size = 16u << 20; // a record larger than this is an error
};

struct FileSummary {
    FileMetadata metadata;
    std::uint64_t records = 0;
    std::uint64_t bytes = 0; // bytes read from the source, before decoding
    std::string sha256;      // of those bytes
};

// Receives the file's metadata once (before the first block), then each block in
// order. Returning an error stops the read and the reader returns that error.
class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual Result<void> on_metadata(const FileMetadata& metadata) = 0;
    virtual Result<void> on_block(RecordBlock& block) = 0;
};

// Errors name the file (display_name) and line: "FILE:LINE:COLUMN: malformed XML: …",
// "FILE:LINE: record 2000000: <id> 2000000 differs from ENTPersonJointure 2000001",
// "FILE:LINE: record 12: unknown category categoriePersonne=Foo".
Result<FileSummary> read_export(ByteSource& source, std::string_view display_name, RecordSink& sink,
                                const ReadOptions& options);

// Reads only the start of a file: its metadata and the attribute names of its first
// record, to tell the flow when neither the name nor a degre comment does.
struct FileProbe {
    FileMetadata metadata;
    std::vector<std::string> first_record_attributes;
};
Result<FileProbe> probe_export(ByteSource& source, std::string_view display_name);

} // namespace aafd
