// Specification of config/toml_writer.cpp: escaping, keys, number formats and the
// redaction of anything that looks like a secret.
#include <cmath>
#include <limits>

#include <doctest/doctest.h>

#include "config/toml_writer.hpp"

using namespace aafd;
using namespace aafd::config;

TEST_CASE("toml_quote escapes what TOML requires") {
    CHECK(toml_quote("") == "\"\"");
    CHECK(toml_quote("/var/lib/aafd") == "\"/var/lib/aafd\"");
    CHECK(toml_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(toml_quote("a\tb\nc\rd\be\ff") == "\"a\\tb\\nc\\rd\\be\\ff\"");
    CHECK(toml_quote(std::string("\x01\x7f", 2)) == "\"\\u0001\\u007F\"");
    CHECK(toml_quote("Éloïse") == "\"Éloïse\"");
}

TEST_CASE("toml_key is bare when it can be") {
    CHECK(toml_key("known_hosts") == "known_hosts");
    CHECK(toml_key("nice-1d") == "nice-1d");
    CHECK(toml_key("a.b") == "\"a.b\"");
    CHECK(toml_key("a b") == "\"a b\"");
    CHECK(toml_key("") == "\"\"");
}

TEST_CASE("looks_secret recognises secret-looking keys") {
    for (const char* key : {"password", "ssh_password", "Passwd", "key_passphrase", "secret",
                            "api_token", "CREDENTIALS"}) {
        CAPTURE(key);
        CHECK(looks_secret(key));
    }
    for (const char* key : {"key", "known_hosts", "user", "host", "path", "name"}) {
        CAPTURE(key);
        CHECK_FALSE(looks_secret(key));
    }
}

TEST_CASE("TomlWriter writes tables and values") {
    TomlWriter out;
    out.comment("effective\nconfig");
    out.table("store");
    out.add_string("path", "/a");
    out.table_array("source");
    out.add_integer("port", 22);
    out.add_integer("min", std::numeric_limits<std::int64_t>::min());
    out.add_strings("flows", {"1D", "2D"});
    out.add_strings("none", {});
    out.table("profiles.functions");
    out.add_float("whole", 5.0);
    out.add_float("part", 0.1);
    out.add_float("big", 1e300);
    out.add_float("infinite", -HUGE_VAL);
    out.add_bool("yes", true);
    out.add_bool("no", false);
    out.add_date("start",
                 Date{std::chrono::year{2023}, std::chrono::month{6}, std::chrono::day{26}});
    CHECK(out.text() == "# effective config\n"
                        "\n"
                        "[store]\n"
                        "path = \"/a\"\n"
                        "\n"
                        "[[source]]\n"
                        "port = 22\n"
                        "min = -9223372036854775808\n"
                        "flows = [\"1D\", \"2D\"]\n"
                        "none = []\n"
                        "\n"
                        "[profiles.functions]\n"
                        "whole = 5.0\n"
                        "part = 0.1\n"
                        "big = 1e+300\n"
                        "infinite = -inf\n"
                        "yes = true\n"
                        "no = false\n"
                        "start = 2023-06-26\n");
}

TEST_CASE("TomlWriter redacts the value of a secret-looking key, whatever its type") {
    TomlWriter out;
    out.add_string("password", "hunter2");
    out.add_strings("tokens", {"abc"});
    out.add_integer("pin_secret", 1234);
    out.add_string("key", "/etc/aafd/id_ed25519");
    CHECK(out.text() == "password = \"<redacted>\"\n"
                        "tokens = \"<redacted>\"\n"
                        "pin_secret = \"<redacted>\"\n"
                        "key = \"/etc/aafd/id_ed25519\"\n");
}
