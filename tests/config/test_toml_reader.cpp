// Specification of config/toml_reader.cpp, the kit the keyword tables are read with: the
// error on the earliest line wins, typed getters bounded by their range and C++ type,
// lists and key tables, the file read and parsed with exact messages.
#include <doctest/doctest.h>

#include "config/toml_reader.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::config;

namespace {

toml::table parse(const std::string& text) { return *parse_toml(text, "t.toml"); }

// The first error recorded while `read` reads the node of `key` in `text`.
template <class Read>
std::string error_of(const std::string& text, std::string_view key, Read read) {
    toml::table table = parse(text);
    Checker checker("t.toml");
    read(checker, *table.get(key));
    return checker.first().value_or("<no error>");
}

} // namespace

TEST_CASE("Checker reports the error on the earliest line, whatever the order found") {
    toml::table table = parse("a = 1\nb = 2\nc = 3\n");
    Checker checker("t.toml");
    checker.error(*table.get("b"), "second");
    checker.error(*table.get("c"), "third");
    checker.error(*table.get("a"), "first");
    CHECK(checker.first() == "t.toml:1: first");
}

TEST_CASE("read_integer takes the smaller of the range and the C++ type") {
    auto port = [](Checker& c, const toml::node& n) {
        read_integer<std::uint16_t>(c, n, "p", k_port);
    };
    CHECK(error_of("p = 65535\n", "p", port) == "<no error>");
    CHECK(error_of("p = 65536\n", "p", port) == "t.toml:1: p must be an integer from 1 to 65535");
    auto small = [](Checker& c, const toml::node& n) {
        read_integer<std::uint8_t>(c, n, "n", k_positive);
    };
    CHECK(error_of("n = 255\n", "n", small) == "<no error>");
    CHECK(error_of("n = 256\n", "n", small) == "t.toml:1: n must be a positive integer");
    CHECK(error_of("n = 1.0\n", "n", small) == "t.toml:1: n must be a positive integer");
}

TEST_CASE("read_list wants distinct, non-empty strings, each accepted by its check") {
    auto flows = [](Checker& c, const toml::node& n) {
        static constexpr std::array<std::string_view, 2> k_choices = {"1D", "2D"};
        read_list(c, n, "l", one_of("flow", k_choices));
    };
    CHECK(error_of("l = [\"1D\"]\n", "l", flows) == "<no error>");
    CHECK(error_of("l = []\n", "l", flows) == "t.toml:1: l must be a non-empty array of strings");
    CHECK(error_of("l = [\n\"1D\",\n\"1D\"]\n", "l", flows) == "t.toml:3: l has '1D' twice");
    CHECK(error_of("l = [\"3D\"]\n", "l", flows) ==
          "t.toml:1: l has an unknown flow '3D' (expected one of 1D, 2D)");
}

TEST_CASE("read_time_of_day takes HH:MM from 00:00 to 23:59") {
    std::optional<std::chrono::minutes> read;
    auto time = [&read](Checker& c, const toml::node& n) { read = read_time_of_day(c, n, "t"); };
    CHECK(error_of("t = \"23:59\"\n", "t", time) == "<no error>");
    CHECK(read == std::chrono::minutes(23 * 60 + 59));
    for (std::string bad : {"24:00", "12:60", "7:30", "07h30", "07:30:00"})
        CHECK(error_of("t = \"" + bad + "\"\n", "t", time) ==
              "t.toml:1: t must be a time of day \"HH:MM\" (UTC)");
}

TEST_CASE("read_keys hands each key to its reader and names unknown ones") {
    toml::table table = parse("known = 1\n\"bad\\u0001key\" = 2\n");
    Checker checker("t.toml");
    int read = 0;
    read_keys(checker, table, "[t]", {{"known", [&read](const toml::node&) { ++read; }}});
    CHECK(read == 1);
    CHECK(checker.first() == "t.toml:2: unknown key 'bad\\x01key' in [t]");

    Checker top("t.toml");
    read_keys(top, table, "", {{"known", [](const toml::node&) {}}});
    CHECK(top.first() == "t.toml:2: unknown key 'bad\\x01key'");
}

TEST_CASE("parse_toml and read_whole_file give ErrorCode::Config errors naming the file") {
    auto broken = parse_toml("a = 1\nb = \n", "t.toml");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().code == ErrorCode::Config);
    CHECK(broken.error().message.starts_with("t.toml:2: "));

    test::TempDir dir;
    auto missing = read_whole_file(dir / "none.toml");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::Config);
    CHECK(missing.error().message ==
          (dir / "none.toml").string() + ": cannot read: No such file or directory");
    test::write_file(dir / "a.toml", "a = 1\n");
    CHECK(read_whole_file(dir / "a.toml") == "a = 1\n");
}
