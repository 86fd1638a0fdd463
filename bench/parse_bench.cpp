// aafd-bench-parse: the parsing floor. Reads the same export files two ways and prints the
// throughput of each:
//   pugixml  the files cut into record-aligned blocks of about --block-size bytes (after a
//            closing </addRequest>, </modifyRequest> or </deleteRequest>), each parsed in
//            place with load_buffer_inplace + parse_fragment; no record is extracted
//            (records are counted as the top-level elements). What any bounded-memory
//            pugixml reader must at least spend.
//   aafd     aafd's own reader (parsers/export_reader.hpp: hashing, decoding, entities,
//            Record building) with a sink that only counts records.
// Assumes UTF-8 input for the pugixml pass (what aafd-gen writes by default).
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <pugixml.hpp>

#include "bench/bench_support.hpp"
#include "parsers/byte_source.hpp"
#include "parsers/export_reader.hpp"
#include "parsers/record_boundary.hpp"

namespace aafd::bench {
namespace {

constexpr std::size_t k_read_size = 1u << 20;
constexpr unsigned k_pugixml_options = pugi::parse_default | pugi::parse_fragment;

// Owns a FILE*; the one place that closes it.
class InputFile {
public:
    explicit InputFile(const std::filesystem::path& path)
        : m_file(std::fopen(path.c_str(), "rb")) {}
    ~InputFile() {
        if (m_file)
            std::fclose(m_file);
    }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    bool is_open() const { return m_file != nullptr; }
    // Appends up to `size` bytes to `text`; the count read, 0 at the end of the file.
    std::size_t append_to(std::string& text, std::size_t size) {
        const std::size_t old_size = text.size();
        text.resize(old_size + size);
        const std::size_t got = std::fread(text.data() + old_size, 1, size, m_file);
        text.resize(old_size + got);
        return got;
    }

private:
    std::FILE* m_file;
};

// Where the first record starts: the header (declaration, comments, root start tag) is
// skipped, as aafd's reader does.
std::size_t first_record_start(std::string_view text) {
    std::size_t start = text.size();
    for (std::string_view tag : {"<addRequest", "<modifyRequest", "<deleteRequest"})
        start = std::min(start, text.find(tag));
    return start;
}

// Parses one file block by block; adds its bytes and records to `total`.
Result<void> parse_with_pugixml(const std::filesystem::path& path, std::size_t block_size,
                                Throughput& total) {
    InputFile file(path);
    if (!file.is_open())
        return fail(ErrorCode::NoInput, "cannot open " + path.string());
    pugi::xml_document document;
    std::string text;
    bool eof = false;
    bool first_block = true;
    for (;;) {
        while (!eof && text.size() < block_size) {
            const std::size_t got = file.append_to(text, k_read_size);
            total.bytes += got;
            eof = got == 0;
        }
        auto cut = last_record_end(text, block_size);
        if (!cut)
            cut = first_record_end(text, std::min(block_size, text.size()));
        while (!cut && !eof) { // a record larger than the block: read on until it ends
            const std::size_t from = text.size();
            const std::size_t got = file.append_to(text, k_read_size);
            total.bytes += got;
            eof = got == 0;
            cut = first_record_end(text, from);
        }
        if (!cut) // only the end of the root element is left
            return {};
        const std::size_t start = first_block ? first_record_start(text) : 0;
        first_block = false;
        std::string rest = text.substr(*cut);
        const auto parsed = document.load_buffer_inplace(text.data() + start, *cut - start,
                                                         k_pugixml_options, pugi::encoding_utf8);
        if (!parsed)
            return fail(ErrorCode::BadInput, path.string() + ": offset " +
                                                 std::to_string(parsed.offset) + ": " +
                                                 parsed.description());
        for (pugi::xml_node node = document.first_child(); node; node = node.next_sibling())
            if (node.type() == pugi::node_element)
                ++total.records;
        text = std::move(rest);
    }
}

class CountingSink final : public RecordSink {
public:
    Result<void> on_metadata(const FileMetadata&) override { return {}; }
    Result<void> on_block(RecordBlock& block) override {
        m_records += block.records().size();
        return {};
    }
    std::uint64_t records() const { return m_records; }

private:
    std::uint64_t m_records = 0;
};

Result<void> parse_with_aafd(const std::filesystem::path& path, std::size_t block_size,
                             Throughput& total) {
    auto source = open_file_source(path);
    if (!source)
        return std::unexpected(source.error());
    CountingSink sink;
    ReadOptions options;
    options.block_size = block_size;
    auto summary = read_export(**source, path.filename().string(), sink, options);
    if (!summary)
        return std::unexpected(summary.error());
    total.bytes += summary->bytes;
    total.records += sink.records();
    return {};
}

using Parser = Result<void> (*)(const std::filesystem::path&, std::size_t, Throughput&);

Result<Throughput> run(const std::string& name, Parser parser,
                       const std::vector<std::filesystem::path>& files, std::size_t block_size) {
    Throughput total{name, files.size()};
    const Stopwatch stopwatch;
    for (const auto& file : files)
        if (auto done = parser(file, block_size, total); !done)
            return std::unexpected(done.error());
    total.seconds = stopwatch.seconds();
    return total;
}

int main_with(int argc, char** argv) {
    CLI::App app{"aafd-bench-parse: parsing throughput, raw pugixml (the floor) and aafd's reader"};
    std::string mode = "both";
    std::size_t block_size = 8u << 20;
    std::vector<std::string> paths;
    app.add_option("--mode", mode, "pugixml, aafd or both")
        ->check(CLI::IsMember({"pugixml", "aafd", "both"}))
        ->capture_default_str();
    app.add_option("--block-size", block_size, "Bytes per block")->capture_default_str();
    app.add_option("paths", paths, "Export files or folders (searched for *.xml)")->required();
    CLI11_PARSE(app, argc, argv);

    auto files = list_export_files(paths);
    if (!files) {
        std::fprintf(stderr, "aafd-bench-parse: %s\n", files.error().message.c_str());
        return 66;
    }
    const std::vector<std::pair<std::string, Parser>> parsers{{"pugixml", parse_with_pugixml},
                                                              {"aafd", parse_with_aafd}};
    for (const auto& [name, parser] : parsers) {
        if (mode != "both" && mode != name)
            continue;
        auto result = run(name, parser, *files, block_size);
        if (!result) {
            std::fprintf(stderr, "aafd-bench-parse: %s\n", result.error().message.c_str());
            return 65;
        }
        print_throughput(*result);
    }
    return 0;
}

} // namespace
} // namespace aafd::bench

int main(int argc, char** argv) { return aafd::bench::main_with(argc, argv); }
