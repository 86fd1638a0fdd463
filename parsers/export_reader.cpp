// The reading loop of an AAF file: raw reads (hashed), decoding to UTF-8, the header,
// then record-aligned blocks parsed in place by pugixml, then the end of the file.
// Memory holds one block, its DOM, and the text read past it: never the whole file.
#include "parsers/export_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <deque>
#include <optional>

#include <pugixml.hpp>

#include "parsers/export_header.hpp"
#include "parsers/html_entities.hpp"
#include "parsers/record_boundary.hpp"
#include "parsers/record_builder.hpp"
#include "parsers/text_encoding.hpp"
#include "parsers/text_position.hpp"
#include "util/printable_text.hpp"
#include "util/sha256.hpp"

namespace aafd {

struct RecordBlock::Storage {
    std::string text;               // the block's UTF-8 text, parsed in place
    pugi::xml_document document;    // its nodes point into `text`
    std::deque<std::string> joined; // values that were not one piece of text
};

RecordBlock::RecordBlock() : m_storage(std::make_unique<Storage>()) {}
RecordBlock::~RecordBlock() = default;
RecordBlock::RecordBlock(RecordBlock&&) noexcept = default;
RecordBlock& RecordBlock::operator=(RecordBlock&&) noexcept = default;

RecordBlock::Storage& RecordBlock::storage() {
    if (!m_storage) // moved from
        m_storage = std::make_unique<Storage>();
    return *m_storage;
}

namespace {

constexpr std::size_t k_read_size = 256u << 10;
constexpr std::size_t k_probe_read_size = 16u << 10;

// No DOCTYPE, declaration, PI or comment nodes; entities and line ends decoded; a value
// of spaces kept when it is the only content of its element.
constexpr unsigned k_parse_options = pugi::parse_fragment | pugi::parse_escapes | pugi::parse_eol |
                                     pugi::parse_cdata | pugi::parse_ws_pcdata_single |
                                     pugi::parse_wconv_attribute;

constexpr std::string_view k_root_close = "</ficAlimMENESR";

std::string decode_message(const DecodeStatus& status) {
    switch (status.problem) {
    case DecodeProblem::InvalidUtf8: {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", status.byte);
        return std::string("invalid UTF-8 (byte ") + byte + ")";
    }
    case DecodeProblem::TruncatedUtf8:
        return "invalid UTF-8 (the file ends inside a character)";
    case DecodeProblem::NulByte:
        return "NUL byte in the text";
    case DecodeProblem::None:
        break;
    }
    return {};
}

// The closing tag of the root element: [begin, end) of "</ficAlimMENESR >".
struct Span {
    std::size_t begin;
    std::size_t end;
};

std::optional<Span> find_root_close(std::string_view text) {
    for (std::size_t begin = text.find(k_root_close); begin != std::string_view::npos;
         begin = text.find(k_root_close, begin + 1)) {
        std::size_t end = begin + k_root_close.size();
        while (end < text.size() &&
               (text[end] == ' ' || text[end] == '\t' || text[end] == '\n' || text[end] == '\r'))
            ++end;
        if (end < text.size() && text[end] == '>')
            return Span{begin, end + 1};
    }
    return std::nullopt;
}

// The name of the element whose start tag begins at text[offset], if one does.
std::string_view element_name_at(std::string_view text, std::size_t offset) {
    if (offset >= text.size() || text[offset] != '<')
        return {};
    std::size_t end = offset + 1;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                 text[end] == '_' || text[end] == '-' || text[end] == '.'))
        ++end;
    return text.substr(offset + 1, end - offset - 1);
}

class ExportReader {
public:
    ExportReader(ByteSource& source, std::string_view display_name, const ReadOptions& options,
                 std::size_t read_size)
        : m_source(source), m_name(display_name), m_options(options), m_raw(read_size) {}

    // Reads up to the first record; the metadata it found.
    Result<FileMetadata> read_header();
    // Fills `block` with the next records. false: the file ended, and its end was checked.
    Result<bool> next_block(RecordBlock& block);
    // REQUIRES: next_block returned false; called once (it finishes the digest).
    FileSummary summary();

private:
    Result<std::string_view> read_raw();
    Result<EncodingSniff> sniff(std::string& first_bytes);
    Result<void> read_more();
    Result<void> decode(std::string_view bytes);
    Result<std::optional<std::size_t>> find_cut();
    Result<void> parse_block(RecordBlock& block, std::size_t cut);
    Result<bool> finish(RecordBlock& block);
    Result<void> check_tail(std::size_t offset, std::string_view after);
    std::unexpected<Error> truncated_body();
    void consume(std::size_t size);

    std::unexpected<Error> fail_at(std::string_view text, std::uint64_t first_line,
                                   const TextProblem& problem) const;
    std::unexpected<Error> fail_here(const TextProblem& problem) const {
        return fail_at(m_text, m_line, problem);
    }

    ByteSource& m_source;
    std::string m_name;
    ReadOptions m_options;
    std::vector<char> m_raw; // one read
    Sha256 m_sha256;
    std::uint64_t m_bytes = 0;
    bool m_eof = false;
    std::optional<TextDecoder> m_decoder;
    std::string m_text;       // decoded text read but not yet cut into blocks
    std::uint64_t m_line = 1; // line of m_text[0]
    bool m_root_closed = false;
    bool m_finished = false;
    std::vector<EntityRewrite> m_rewrites;
    FileMetadata m_metadata;
    std::uint64_t m_records = 0;
};

std::unexpected<Error> ExportReader::fail_at(std::string_view text, std::uint64_t first_line,
                                             const TextProblem& problem) const {
    const TextPosition position = position_in(text, problem.offset, first_line);
    std::string where = m_name + ":" + std::to_string(position.line);
    if (problem.with_column)
        where += ":" + std::to_string(position.column);
    return fail(ErrorCode::BadInput, where + ": " + printable_text(problem.message));
}

Result<std::string_view> ExportReader::read_raw() {
    if (m_eof)
        return std::string_view();
    const auto got = m_source.read(std::span<char>(m_raw));
    if (!got)
        return std::unexpected(got.error());
    if (*got == 0) {
        m_eof = true;
        return std::string_view();
    }
    const std::string_view chunk(m_raw.data(), *got);
    m_sha256.update(chunk);
    m_bytes += *got;
    return chunk;
}

Result<void> ExportReader::decode(std::string_view bytes) {
    const DecodeStatus status =
        bytes.empty() && m_eof ? m_decoder->finish() : m_decoder->decode(bytes, m_text);
    if (!status.ok())
        return fail_here({m_text.size(), decode_message(status)});
    return {};
}

Result<void> ExportReader::read_more() {
    const auto chunk = read_raw();
    if (!chunk)
        return std::unexpected(chunk.error());
    return decode(*chunk);
}

// Reads until the encoding is known; `first_bytes` holds what was read.
Result<EncodingSniff> ExportReader::sniff(std::string& first_bytes) {
    for (;;) {
        const auto chunk = read_raw();
        if (!chunk)
            return std::unexpected(chunk.error());
        first_bytes.append(*chunk);
        const auto sniffed = sniff_encoding(first_bytes, m_eof);
        if (!sniffed)
            return fail_at(first_bytes, 1, sniffed.error());
        if (*sniffed)
            return **sniffed;
    }
}

Result<FileMetadata> ExportReader::read_header() {
    std::string first_bytes;
    const auto sniffed = sniff(first_bytes);
    if (!sniffed)
        return std::unexpected(sniffed.error());
    m_metadata.declared_encoding = sniffed->declared_encoding;
    m_decoder.emplace(sniffed->encoding);
    if (auto decoded = decode(std::string_view(first_bytes).substr(sniffed->bom_size)); !decoded)
        return std::unexpected(decoded.error());
    for (;;) {
        const auto header = scan_header(m_text, m_eof);
        if (!header)
            return fail_here(header.error());
        if (*header) {
            m_metadata.comments = (*header)->comments;
            m_root_closed = (*header)->root_closed;
            consume((*header)->body_start);
            return m_metadata;
        }
        if (m_text.size() > m_options.max_record_size)
            return fail_here({m_text.size(), "more than " +
                                                 std::to_string(m_options.max_record_size) +
                                                 " bytes before the first record"});
        // Read as much again before scanning anew: the scans add up to twice the text.
        const std::size_t target = std::min(2 * m_text.size(), m_options.max_record_size + 1);
        do {
            if (auto more = read_more(); !more)
                return std::unexpected(more.error());
        } while (!m_eof && m_text.size() < target);
    }
}

void ExportReader::consume(std::size_t size) {
    m_line += count_line_ends(m_text, 0, size);
    m_text.erase(0, size);
}

// Where the next block ends: the last record end within block_size, else the first one
// after it. nullopt at the end of the file with no record end left.
Result<std::optional<std::size_t>> ExportReader::find_cut() {
    while (!m_eof && m_text.size() < m_options.block_size)
        if (auto more = read_more(); !more)
            return std::unexpected(more.error());
    if (const auto end = last_record_end(m_text, m_options.block_size))
        return end;
    std::size_t from = std::min(m_options.block_size, m_text.size());
    for (;;) {
        if (const auto end = first_record_end(m_text, from))
            return end;
        if (m_eof)
            return std::nullopt;
        if (m_text.size() > m_options.max_record_size) {
            const std::size_t start = m_text.find('<');
            return fail_here({start == std::string::npos ? 0 : start,
                              record_too_large(m_options.max_record_size)});
        }
        from = m_text.size();
        if (auto more = read_more(); !more)
            return std::unexpected(more.error());
    }
}

Result<void> ExportReader::parse_block(RecordBlock& block, std::size_t cut) {
    RecordBlock::Storage& storage = block.storage();
    std::vector<Record>& records = block.mutable_records(); // refilled in place
    storage.joined.clear();
    m_rewrites.clear();
    const std::string_view original(m_text.data(), cut);
    if (const auto undefined = copy_with_numeric_entities(original, storage.text, m_rewrites))
        return fail_here({undefined->offset, undefined->message()});
    RewriteMap offsets(m_rewrites);
    const pugi::xml_parse_result parsed = storage.document.load_buffer_inplace(
        storage.text.data(), storage.text.size(), k_parse_options, pugi::encoding_utf8);
    if (!parsed)
        return fail_here({offsets.original(static_cast<std::size_t>(parsed.offset)),
                          std::string("malformed XML: ") + parsed.description(), true});
    LineCursor lines(original, m_line);
    const LineOf line_of = [&](std::size_t offset) {
        return lines.line_at(offsets.original(offset));
    };
    if (auto problem = build_records(storage.document, storage.text, line_of,
                                     m_options.max_record_size, storage.joined, records)) {
        problem->offset = offsets.original(problem->offset);
        return fail_here(*problem);
    }
    m_records += records.size();
    const std::uint64_t next_line = lines.line_at(cut);
    m_text.erase(0, cut);
    m_line = next_line;
    return {};
}

// After the root element: only spaces, comments and processing instructions.
Result<void> ExportReader::check_tail(std::size_t offset, std::string_view after) {
    const MiscEnd misc = skip_misc(m_text, offset);
    if (misc.offset == m_text.size() && !misc.open)
        return {};
    return fail_here({misc.offset, "malformed XML: text after " + std::string(after), true});
}

// The end of a file whose root element is not closed.
std::unexpected<Error> ExportReader::truncated_body() {
    const MiscEnd misc = skip_misc(m_text, 0);
    if (misc.offset == m_text.size()) // reported where the input ends
        return fail_here({m_text.size(), "truncated file: no closing </ficAlimMENESR>"});
    const std::string_view rest = std::string_view(m_text).substr(misc.offset);
    if (rest.starts_with("<!"))
        return fail_here({misc.offset, "truncated file: comment not closed"});
    if (rest.starts_with("<?"))
        return fail_here({misc.offset, "truncated file: processing instruction not closed"});
    const std::string_view name = element_name_at(m_text, misc.offset);
    if (!name.empty())
        return fail_here({misc.offset, "truncated file: <" + std::string(name) + "> not closed"});
    return fail_here({misc.offset, "truncated file: text after the last record"});
}

// At the end of the input, with no record end left in the text: what remains must be
// the root's closing tag, then nothing but comments. Markup before that tag (a request
// that is not closed as a record should be, an unknown element) is parsed as a final
// block, so its problems are reported as anywhere else; plain text after the last record
// is refused, as in a file cut short.
Result<bool> ExportReader::finish(RecordBlock& block) {
    m_finished = true;
    if (m_root_closed) {
        if (auto tail = check_tail(0, "<ficAlimMENESR/>"); !tail)
            return std::unexpected(tail.error());
        return false;
    }
    const auto close = find_root_close(m_text);
    if (!close)
        return truncated_body();
    if (auto tail = check_tail(close->end, "</ficAlimMENESR>"); !tail)
        return std::unexpected(tail.error());
    const std::size_t rest = skip_misc(m_text, 0).offset;
    if (rest >= close->begin)
        return false;
    if (m_text[rest] != '<')
        return fail_here({rest, "truncated file: text after the last record"});
    if (auto parsed = parse_block(block, close->begin); !parsed)
        return std::unexpected(parsed.error());
    return !block.records().empty();
}

Result<bool> ExportReader::next_block(RecordBlock& block) {
    if (m_finished)
        return false;
    if (m_root_closed) {
        while (!m_eof) {
            if (m_text.size() > m_options.max_record_size)
                return fail_here({0, "more than " + std::to_string(m_options.max_record_size) +
                                         " bytes after <ficAlimMENESR/>"});
            if (auto more = read_more(); !more)
                return std::unexpected(more.error());
        }
        return finish(block);
    }
    const auto cut = find_cut();
    if (!cut)
        return std::unexpected(cut.error());
    if (!*cut)
        return finish(block);
    if (auto parsed = parse_block(block, **cut); !parsed)
        return std::unexpected(parsed.error());
    return true;
}

FileSummary ExportReader::summary() {
    return FileSummary{m_metadata, m_records, m_bytes, m_sha256.hex_digest()};
}

} // namespace

Result<FileSummary> read_export(ByteSource& source, std::string_view display_name, RecordSink& sink,
                                const ReadOptions& options) {
    ExportReader reader(source, display_name, options, k_read_size);
    const auto metadata = reader.read_header();
    if (!metadata)
        return std::unexpected(metadata.error());
    if (auto delivered = sink.on_metadata(*metadata); !delivered)
        return std::unexpected(delivered.error());
    RecordBlock block;
    for (;;) {
        const auto more = reader.next_block(block);
        if (!more)
            return std::unexpected(more.error());
        if (!*more)
            return reader.summary();
        if (auto delivered = sink.on_block(block); !delivered)
            return std::unexpected(delivered.error());
    }
}

Result<FileProbe> probe_export(ByteSource& source, std::string_view display_name) {
    // A block size of one byte cuts right after the first record.
    ExportReader reader(source, display_name, ReadOptions{.block_size = 1}, k_probe_read_size);
    auto metadata = reader.read_header();
    if (!metadata)
        return std::unexpected(metadata.error());
    FileProbe probe{std::move(*metadata), {}};
    RecordBlock block;
    const auto read = reader.next_block(block);
    if (!read)
        return std::unexpected(read.error());
    if (*read && !block.records().empty())
        for (const Attribute& attribute : block.records().front().attributes)
            probe.first_record_attributes.emplace_back(attribute.name);
    return probe;
}

} // namespace aafd
