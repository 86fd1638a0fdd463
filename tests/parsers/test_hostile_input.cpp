// Hostile input against parsers/export_reader.cpp: entity expansion, external entities,
// DOCTYPEs, deep nesting, gigantic values, invalid UTF-8, NUL bytes, files cut short.
// Each read runs in a child process that reports its error and how much its memory grew.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "tests/parsers/reader_test_support.hpp"

namespace aafd {

using test::pupil;
using test::read_text;
using test::wrap;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool k_sanitized = true; // reserves terabytes of address space: no RLIMIT_AS
#else
constexpr bool k_sanitized = false;
#endif

constexpr std::uint64_t k_mib = 1u << 20;

// A field of /proc/self/status in bytes (VmRSS, VmHWM, VmSize).
std::uint64_t status_bytes(const std::string& field) {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with(field + ":"))
            return std::stoull(line.substr(field.size() + 1)) * 1024;
    return 0;
}

struct ChildRead {
    std::string error;           // the read's error message, or "<no error>"
    std::uint64_t growth = 0;    // peak resident memory minus resident memory at the start
    bool exited_cleanly = false; // exit status 0, no signal
};

// Runs `read` in a child process whose address space may grow by at most 1 GiB (not
// under the sanitizers); a read that crashes or exhausts it does not exit cleanly.
ChildRead read_in_child(const std::function<std::string()>& read) {
    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(pipe_ends[0]);
        if (!k_sanitized) {
            const rlim_t limit = status_bytes("VmSize") + (1024 * k_mib);
            const rlimit address_space{limit, limit};
            ::setrlimit(RLIMIT_AS, &address_space);
        }
        const std::uint64_t start = status_bytes("VmRSS");
        const std::string error = read();
        const std::string report = std::to_string(status_bytes("VmHWM") - start) + "\n" + error;
        const bool written =
            ::write(pipe_ends[1], report.data(), report.size()) == ssize_t(report.size());
        ::_exit(written ? 0 : 1);
    }
    ::close(pipe_ends[1]);
    std::string report;
    char buffer[4096];
    for (ssize_t got; (got = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;)
        report.append(buffer, static_cast<std::size_t>(got));
    ::close(pipe_ends[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ChildRead outcome;
    outcome.exited_cleanly = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (const auto newline = report.find('\n'); newline != std::string::npos) {
        outcome.growth = std::stoull(report.substr(0, newline));
        outcome.error = report.substr(newline + 1);
    }
    return outcome;
}

ChildRead read_text_in_child(const std::string& text,
                             const ReadOptions& options = test::k_read_options) {
    return read_in_child([&] { return read_text(text, options).error(); });
}

// Hands out `head`, `count` copies of `fill`, then `tail`, without holding them: a
// gigantic file at no memory cost. Counts the bytes served.
class GeneratedSource : public ByteSource {
public:
    GeneratedSource(std::string head, char fill, std::uint64_t count, std::string tail)
        : m_parts{std::move(head), std::move(tail)}, m_fill(fill), m_count(count) {}
    Result<std::size_t> read(std::span<char> buffer) override {
        std::size_t size = 0;
        while (size < buffer.size() && served < total()) {
            buffer[size++] = byte_at(served);
            ++served;
        }
        return size;
    }
    std::uint64_t served = 0;

private:
    std::uint64_t total() const { return m_parts[0].size() + m_count + m_parts[1].size(); }
    char byte_at(std::uint64_t offset) const {
        if (offset < m_parts[0].size())
            return m_parts[0][offset];
        if (offset < m_parts[0].size() + m_count)
            return m_fill;
        return m_parts[1][offset - m_parts[0].size() - m_count];
    }

    std::string m_parts[2];
    char m_fill;
    std::uint64_t m_count;
};

// The reader's error on a generated file, from a child process, with the bytes it read.
struct GeneratedRead {
    ChildRead child;
    std::uint64_t served = 0;
};
GeneratedRead read_generated(const std::string& head, char fill, std::uint64_t count,
                             const std::string& tail) {
    GeneratedRead outcome{read_in_child([&] {
                              GeneratedSource source(head, fill, count, tail);
                              const std::string error =
                                  test::read_source(source, "test.xml").error();
                              return std::to_string(source.served) + " " + error;
                          }),
                          0};
    const auto space = outcome.child.error.find(' ');
    if (space != std::string::npos) {
        outcome.served = std::stoull(outcome.child.error.substr(0, space));
        outcome.child.error.erase(0, space + 1);
    }
    return outcome;
}

// A pupil whose givenName is `value`.
std::string named_pupil(const std::string& id, const std::string& value) {
    return pupil(id, "<attr name=\"givenName\"><value>" + value + "</value></attr>\n");
}

// The classic billion laughs: lol9 expands to 10^9 "lol".
std::string billion_laughs_subset() {
    std::string subset = "<!DOCTYPE ficAlimMENESR [\n<!ENTITY lol0 \"lol\">\n";
    for (int level = 1; level <= 9; ++level) {
        subset += "<!ENTITY lol" + std::to_string(level) + " \"";
        for (int i = 0; i < 10; ++i)
            subset += "&lol" + std::to_string(level - 1) + ";";
        subset += "\">\n";
    }
    return subset + "]>\n";
}

const std::string k_declaration = "<?xml version=\"1.0\"?>\n";

} // namespace

TEST_CASE("billion laughs: entity declarations are refused before anything is expanded") {
    const std::string laughs = k_declaration + billion_laughs_subset() + "<ficAlimMENESR>\n" +
                               named_pupil("1", "&lol9;") + "</ficAlimMENESR>\n";
    const ChildRead outcome = read_text_in_child(laughs);
    CHECK(outcome.error == "test.xml:2: DOCTYPE with an internal subset is not accepted");
    CHECK(outcome.exited_cleanly);
    CHECK(outcome.growth < 64 * k_mib);
    // Without their declarations the entities are simply unknown.
    const ChildRead undeclared = read_text_in_child(wrap(named_pupil("1", "&lol9;&lol9;")));
    CHECK(undeclared.error == "test.xml:8: undefined entity &lol9;");
    CHECK(undeclared.exited_cleanly);
    // A DOCTYPE among the records is malformed, its entities never declared.
    const ChildRead inside =
        read_text_in_child(wrap(pupil("1") + billion_laughs_subset() + named_pupil("2", "&lol9;")));
    CHECK(inside.error == "test.xml:12: undefined entity &lol0;");
    CHECK(inside.exited_cleanly);
    CHECK(inside.growth < 64 * k_mib);
}

TEST_CASE("external entities: nothing named by a DOCTYPE or an entity is ever read") {
    const std::string passwd_dtd = "<!DOCTYPE ficAlimMENESR SYSTEM \"file:///etc/passwd\">\n";
    const auto read = read_text(wrap(named_pupil("1", "x"), k_declaration + passwd_dtd));
    CHECK(read.error() == "<no error>");
    CHECK(read.record("1").value("givenName") == "x");
    const std::string xxe = "<!DOCTYPE ficAlimMENESR [\n"
                            "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n";
    CHECK(read_text(wrap(named_pupil("1", "&xxe;"), k_declaration + xxe)).error() ==
          "test.xml:2: DOCTYPE with an internal subset is not accepted");
    const std::string parameter = "<!DOCTYPE ficAlimMENESR [\n"
                                  "<!ENTITY % dtd SYSTEM \"http://example.invalid/evil.dtd\">\n"
                                  "%dtd;\n]>\n";
    CHECK(read_text(wrap(pupil("1"), k_declaration + parameter)).error() ==
          "test.xml:2: DOCTYPE with an internal subset is not accepted");
    CHECK(read_text(wrap(named_pupil("1", "&xxe;"), k_declaration + passwd_dtd)).error() ==
          "test.xml:9: undefined entity &xxe;");
    // XInclude is not processed: the element is an unknown piece of a value.
    const std::string xinclude = "<attr name=\"givenName\"><value>"
                                 "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
                                 "href=\"file:///etc/passwd\" parse=\"text\"/></value></attr>\n";
    const auto included = read_text(wrap(pupil("1", xinclude)));
    CHECK(included.error() == "<no error>");
    CHECK(included.record("1").value("givenName") == "");
}

TEST_CASE("a DOCTYPE with an internal subset is refused, whatever it declares") {
    for (const std::string subset :
         {"<!DOCTYPE ficAlimMENESR []>\n", "<!DOCTYPE ficAlimMENESR [<!ELEMENT x ANY>]>\n",
          "<!DOCTYPE ficAlimMENESR SYSTEM \"x.dtd\" [<!ATTLIST attr name CDATA #FIXED \"sn\">]>\n",
          "<!DOCTYPE ficAlimMENESR [\n<!-- ]> -->\n<!ENTITY a \"]>\">\n]>\n"}) {
        CAPTURE(subset);
        CHECK(read_text(wrap(pupil("1"), k_declaration + subset)).error() ==
              "test.xml:2: DOCTYPE with an internal subset is not accepted");
    }
}

TEST_CASE("100,000 nested elements: refused or read in bounded memory, never a crash") {
    constexpr int k_depth = 100'000;
    std::string open;
    std::string close;
    for (int i = 0; i < k_depth; ++i) {
        open += "<a>";
        close += "</a>";
    }
    SUBCASE("inside a value") {
        const ChildRead outcome = read_text_in_child(
            wrap(pupil("1", "<attr name=\"sn\"><value>" + open + close + "</value></attr>\n")));
        CHECK(outcome.error == "<no error>");
        CHECK(outcome.exited_cleanly);
        CHECK(outcome.growth < 64 * k_mib);
    }
    SUBCASE("between records") {
        const ChildRead outcome = read_text_in_child(wrap(pupil("1") + open + close + "\n"));
        CHECK(outcome.error == "<no error>");
        CHECK(outcome.exited_cleanly);
        CHECK(outcome.growth < 64 * k_mib);
    }
    SUBCASE("never closed") {
        const ChildRead outcome = read_text_in_child(wrap(pupil("1") + open + "\n"));
        CHECK(outcome.error == "test.xml:10:300001: malformed XML: Start-end tags mismatch");
        CHECK(outcome.exited_cleanly);
        CHECK(outcome.growth < 64 * k_mib);
    }
}

TEST_CASE("a 64 MiB value is refused once its record passes max_record_size, read no further") {
    constexpr std::uint64_t k_value = 64 * k_mib;
    const std::string head = "<?xml version=\"1.0\"?>\n<ficAlimMENESR>\n";
    // 16 MiB of record, plus the reads of 256 KiB it takes to see it.
    constexpr std::uint64_t k_most_read = (16 + 1) * k_mib;
    SUBCASE("the text of a <value>") {
        const std::string record = pupil("1", "<attr name=\"sn\"><value>@</value></attr>\n");
        const auto at = record.find('@');
        const GeneratedRead read = read_generated(head + record.substr(0, at), 'x', k_value,
                                                  record.substr(at + 1) + "</ficAlimMENESR>\n");
        CHECK(read.child.error ==
              "test.xml:3: record larger than 16777216 bytes (max_record_size)");
        CHECK(read.child.exited_cleanly);
        CHECK(read.served < k_most_read);
        CHECK(read.child.growth < k_value);
    }
    SUBCASE("an XML attribute") {
        const GeneratedRead read = read_generated(head + "<addRequest><attr name=\"", 'x', k_value,
                                                  "\"/></addRequest>\n</ficAlimMENESR>");
        CHECK(read.child.error ==
              "test.xml:3: record larger than 16777216 bytes (max_record_size)");
        CHECK(read.child.exited_cleanly);
        CHECK(read.served < k_most_read);
        CHECK(read.child.growth < k_value);
    }
    SUBCASE("a comment in the header") {
        const GeneratedRead read =
            read_generated("<ficAlimMENESR>\n<!-- ", 'x', k_value, " -->\n</ficAlimMENESR>\n");
        CHECK(read.child.error == "test.xml:2: more than 16777216 bytes before the first record");
        CHECK(read.child.exited_cleanly);
        CHECK(read.served < k_most_read);
        CHECK(read.child.growth < k_value);
    }
    SUBCASE("spaces before anything, read once (the sniffing of the declaration rescanned them)") {
        const GeneratedRead read = read_generated("", ' ', k_value, "<ficAlimMENESR/>\n");
        CHECK(read.child.error == "test.xml:1: more than 16777216 bytes before the first record");
        CHECK(read.child.exited_cleanly);
        CHECK(read.served < k_most_read);
        CHECK(read.child.growth < k_value);
    }
    SUBCASE("spaces after the last record") {
        const GeneratedRead read =
            read_generated(head + pupil("1"), ' ', k_value, "</ficAlimMENESR>\n");
        CHECK(read.child.error ==
              "test.xml:9: record larger than 16777216 bytes (max_record_size)");
        CHECK(read.child.exited_cleanly);
        CHECK(read.served < k_most_read);
        CHECK(read.child.growth < k_value);
    }
}

TEST_CASE("invalid UTF-8: overlong forms, surrogates, past U+10FFFF, stray bytes") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"\xC0\xAF", "0xC0"},         // overlong '/'
        {"\xE0\x80\xAF", "0xE0"},     // overlong '/' in three bytes
        {"\xED\xA0\x80", "0xED"},     // surrogate U+D800
        {"\xF4\x90\x80\x80", "0xF4"}, // U+110000
        {"\xF8\x88\x80\x80\x80", "0xF8"},
        {"\x80", "0x80"}, // continuation byte alone
        {"\xFF", "0xFF"},
    };
    for (const auto& [bytes, lead] : cases) {
        CAPTURE(lead);
        CHECK(read_text(wrap(pupil("1") + named_pupil("2", "a" + bytes + "b"))).error() ==
              "test.xml:15: invalid UTF-8 (byte " + lead + ")");
    }
}

TEST_CASE("character references to what is not a character are refused") {
    for (const std::string reference :
         {"&#0;", "&#x0;", "&#xD800;", "&#x110000;", "&#1;", "&#xFFFE;", "&#99999999999;"}) {
        CAPTURE(reference);
        CHECK(read_text(wrap(named_pupil("1", "a" + reference + "b"))).error() ==
              "test.xml:8: character reference " + reference + " is not an XML character");
    }
    const auto fine = read_text(wrap(named_pupil("1", "&#x9;&#xA;&#xD;&#x20AC;&#x10FFFF;")));
    CHECK(fine.error() == "<no error>");
}

TEST_CASE("a NUL byte is refused wherever it is") {
    const std::string nul(1, '\0');
    CHECK(read_text(nul + wrap(pupil("1"))).error() == "test.xml:1: NUL byte in the text");
    CHECK(read_text(wrap(pupil("1") + "<add" + nul + "Request>")).error() ==
          "test.xml:10: NUL byte in the text");
    CHECK(read_text(wrap(pupil("1") + named_pupil("2", nul))).error() ==
          "test.xml:15: NUL byte in the text");
    CHECK(read_text(wrap(pupil("1")) + nul).error() == "test.xml:11: NUL byte in the text");
    CHECK(read_text(wrap(named_pupil("1", nul + nul), "<?xml version=\"1.0\" "
                                                      "encoding=\"ISO-8859-15\"?>\n"))
              .error() == "test.xml:8: NUL byte in the text");
}

TEST_CASE("what a hostile file puts in a message is escaped and cut") {
    const std::string encoding = "A\nfake: log line\x1B[31m\xFF" + std::string(1000, 'x');
    const std::string error =
        read_text("<?xml version=\"1.0\" encoding=\"" + encoding + "\"?>\n<ficAlimMENESR/>")
            .error();
    CHECK(
        error.starts_with("test.xml:1: unknown encoding \"A\\x0Afake: log line\\x1B[31m\\xFFxxx"));
    CHECK(error.ends_with("xxx…"));
    CHECK(error.size() == std::string("test.xml:1: ").size() + 400 + std::string("…").size());
}

TEST_CASE("a file cut at any byte is refused, naming the file and a line") {
    const std::string full = wrap(pupil("1") + named_pupil("2", "&eacute;t&#233;"));
    const std::regex located(R"(test\.xml:[0-9]+(:[0-9]+)?: .+)");
    const std::size_t root_end = full.rfind('>') + 1;
    for (std::size_t cut = 0; cut < root_end; ++cut) {
        CAPTURE(cut);
        const std::string error = read_text(full.substr(0, cut)).error();
        CHECK(std::regex_match(error, located));
    }
    CHECK(read_text(full.substr(0, root_end)).error() == "<no error>");
    CHECK(read_text(full.substr(0, 100)).error() ==
          "test.xml:3: truncated file: <addRequest> not closed");
    CHECK(read_text(full.substr(0, root_end - 1)).error() ==
          "test.xml:18: truncated file: text after the last record");
}

TEST_CASE("every input of the kept fuzz corpus is read, or refused naming the file and a line") {
    const std::regex located(R"(fuzz\.xml:[0-9]+(:[0-9]+)?: .+)");
    std::size_t inputs = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(test::source_path("fuzz/corpus/export_reader"))) {
        CAPTURE(entry.path().filename().string());
        const auto source = make_string_source(test::read_file(entry.path()));
        const std::string error = test::read_source(*source, "fuzz.xml").error();
        if (error != "<no error>")
            CHECK(std::regex_match(error, located));
        ++inputs;
    }
    CHECK(inputs > 0);
}

} // namespace aafd
