// Tests of parsers/byte_source.cpp: files and strings read in pieces, and the errors.
#include <array>
#include <vector>

#include <doctest/doctest.h>

#include "parsers/byte_source.hpp"
#include "tests/samples.hpp"
#include "tests/test_support.hpp"

namespace aafd {
namespace {

// Everything a source yields, reading `piece` bytes at a time.
std::string drain(ByteSource& source, std::size_t piece) {
    std::string out;
    std::vector<char> buffer(piece);
    for (;;) {
        const auto got = source.read(std::span<char>(buffer));
        REQUIRE(got);
        if (*got == 0)
            return out;
        CHECK(*got <= piece);
        out.append(buffer.data(), *got);
    }
}

} // namespace

TEST_CASE("a file source yields the file's bytes, then 0 for ever") {
    test::TempDir dir;
    std::string bytes;
    for (int i = 0; i < 100000; ++i)
        bytes += static_cast<char>(i % 251);
    test::write_file(dir / "export.xml", bytes);
    auto source = open_file_source(dir / "export.xml");
    REQUIRE(source);
    CHECK(drain(**source, 4096) == bytes);
    std::array<char, 8> buffer{};
    CHECK((*source)->read(buffer) == 0u);
}

TEST_CASE("an empty file yields nothing") {
    test::TempDir dir;
    test::write_file(dir / "empty.xml", "");
    auto source = open_file_source(dir / "empty.xml");
    REQUIRE(source);
    CHECK(drain(**source, 16).empty());
}

TEST_CASE("a missing file is NoInput, naming the path and the reason") {
    test::TempDir dir;
    const auto path = dir / "missing.xml";
    const auto source = open_file_source(path);
    REQUIRE_FALSE(source);
    CHECK(source.error().code == ErrorCode::NoInput);
    CHECK(source.error().message == "cannot open " + path.string() + ": No such file or directory");
}

TEST_CASE("a folder is not a file") {
    test::TempDir dir;
    const auto source = open_file_source(dir.path());
    REQUIRE_FALSE(source);
    CHECK(source.error().code == ErrorCode::NoInput);
    CHECK(source.error().message == "cannot open " + dir.path().string() + ": Is a directory");
}

TEST_CASE("a string source yields its bytes in pieces of the buffer's size") {
    const std::string bytes = "<ficAlimMENESR>\r\n\xC3\xA9\0x</ficAlimMENESR>";
    const auto source = make_string_source(bytes);
    CHECK(drain(*source, 3) == bytes);
    CHECK(drain(*make_string_source(""), 3).empty());
}

AAFD_SAMPLES_TEST_CASE("a sample opens and reads to its size") {
    auto source =
        open_file_source(test::sample("synthetic-2020/ENT_Complet_20200101_Eleve_0000.xml"));
    REQUIRE(source);
    CHECK(drain(**source, 1000).size() == 2597);
}

} // namespace aafd
