// Helpers for the parser tests: a sink that copies records out of their blocks (so they
// can be compared after the blocks are gone), reading an export from a string or a
// sample, and byte sources that hand out bytes in small pieces or fail.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "parsers/byte_source.hpp"
#include "parsers/export_reader.hpp"
#include "tests/parsers/read_options.hpp"
#include "tests/samples.hpp"
#include "tests/test_support.hpp"

namespace aafd::test {

struct OwnedAttribute {
    std::string name;
    std::vector<std::string> values;
    bool operator==(const OwnedAttribute&) const = default;
};

struct OwnedRecord {
    Operation operation = Operation::Add;
    Category category = Category::Structure;
    std::string id;
    std::vector<OwnedAttribute> attributes;
    std::uint64_t line = 0;
    bool operator==(const OwnedRecord&) const = default;

    // The values of an attribute; {"<absent>"} when the record lacks it.
    std::vector<std::string> values(const std::string& name) const {
        for (const auto& attribute : attributes)
            if (attribute.name == name)
                return attribute.values;
        return {"<absent>"};
    }
    // The first value of an attribute, "<absent>" or "<no value>".
    std::string value(const std::string& name) const {
        const auto all = values(name);
        return all.empty() ? "<no value>" : all.front();
    }
};

inline OwnedRecord own(const Record& record) {
    OwnedRecord owned{record.operation, record.category, std::string(record.id), {}, record.line};
    for (const Attribute& attribute : record.attributes) {
        OwnedAttribute& copy = owned.attributes.emplace_back();
        copy.name = attribute.name;
        for (std::string_view value : attribute.values)
            copy.values.emplace_back(value);
    }
    return owned;
}

// Copies every record; remembers the calls, their order, and the block sizes.
class CollectingSink : public RecordSink {
public:
    Result<void> on_metadata(const FileMetadata& received) override {
        ++metadata_calls;
        metadata_before_blocks = metadata_before_blocks && blocks.empty();
        metadata = received;
        return {};
    }
    Result<void> on_block(RecordBlock& block) override {
        blocks.push_back(block.records().size());
        for (const Record& record : block.records())
            records.push_back(own(record));
        return {};
    }

    FileMetadata metadata;
    int metadata_calls = 0;
    bool metadata_before_blocks = true;
    std::vector<std::size_t> blocks; // records per block
    std::vector<OwnedRecord> records;
};

struct ReadOutcome {
    Result<FileSummary> summary;
    CollectingSink sink;

    // The error message, or "<no error>": tests compare it to the exact expected text.
    std::string error() const { return summary ? "<no error>" : summary.error().message; }
    const OwnedRecord& record(const std::string& id) const {
        static const OwnedRecord k_missing{};
        const auto found = std::ranges::find(sink.records, id, &OwnedRecord::id);
        return found == sink.records.end() ? k_missing : *found;
    }
};

inline ReadOutcome read_source(ByteSource& source, const std::string& name,
                               const ReadOptions& options = k_read_options) {
    ReadOutcome outcome{fail(ErrorCode::Internal, "not read"), {}};
    outcome.summary = read_export(source, name, outcome.sink, options);
    return outcome;
}

inline ReadOutcome read_text(std::string bytes, const ReadOptions& options = k_read_options) {
    const auto source = make_string_source(std::move(bytes));
    return read_source(*source, "test.xml", options);
}

inline ReadOutcome read_sample(const std::string& relative,
                               const ReadOptions& options = k_read_options) {
    auto source = open_file_source(sample(relative));
    if (!source)
        return ReadOutcome{std::unexpected(source.error()), {}};
    return read_source(**source, relative, options);
}

// Hands out the bytes of a string at most `piece` bytes a read: cuts UTF-8 sequences,
// CRLF pairs, tags and declarations at every possible place.
class PieceSource : public ByteSource {
public:
    PieceSource(std::string bytes, std::size_t piece) : m_bytes(std::move(bytes)), m_piece(piece) {}
    Result<std::size_t> read(std::span<char> buffer) override {
        const std::size_t size = std::min({buffer.size(), m_piece, m_bytes.size() - m_offset});
        std::copy_n(m_bytes.data() + m_offset, size, buffer.data());
        m_offset += size;
        return size;
    }

private:
    std::string m_bytes;
    std::size_t m_piece;
    std::size_t m_offset = 0;
};

// Serves `good` bytes, then fails the next read.
class FailingSource : public ByteSource {
public:
    explicit FailingSource(std::string good) : m_good(std::move(good)) {}
    Result<std::size_t> read(std::span<char> buffer) override {
        if (m_served)
            return fail(ErrorCode::Io, "cannot read broken.xml: Input/output error");
        m_served = true;
        const std::size_t size = std::min(buffer.size(), m_good.size());
        std::copy_n(m_good.data(), size, buffer.data());
        return size;
    }

private:
    std::string m_good;
    bool m_served = false;
};

// A one-record file around the given record text, with an optional prolog.
inline std::string wrap(const std::string& records,
                        const std::string& prolog = "<?xml version=\"1.0\"?>\n") {
    return prolog + "<ficAlimMENESR>\n" + records + "</ficAlimMENESR>\n";
}

// An addRequest for a pupil (categoriePersonne=Eleve) with its key and extra attributes.
inline std::string pupil(const std::string& id, const std::string& attributes = "",
                         const std::string& key = "") {
    return "<addRequest>\n"
           "<operationalAttributes><attr name=\"categoriePersonne\"><value>Eleve</value></attr>"
           "</operationalAttributes>\n"
           "<identifier><id>" +
           id +
           "</id></identifier>\n"
           "<attributes>\n"
           "<attr name=\"ENTPersonJointure\"><value>" +
           (key.empty() ? id : key) + "</value></attr>\n" + attributes +
           "</attributes>\n"
           "</addRequest>\n";
}

} // namespace aafd::test
