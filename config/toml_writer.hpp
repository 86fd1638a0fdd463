// Writes TOML text for `render_config`: tables, arrays of tables and `key = value`
// lines, with strings escaped so that the text parses back to the same values. Any value
// whose key looks like a secret (password, token…) is written as "<redacted>".
// Internal to aafd_config; free of toml++ so that it stays cheap to compile and test.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.hpp"

namespace aafd::config {

inline constexpr std::string_view k_redacted = "<redacted>";

// True when a key names something that must never be printed (password, passphrase,
// secret, token, credential), whatever its case.
bool looks_secret(std::string_view key);
// `text` as a TOML basic string: quoted, with '"', '\' and control characters escaped.
std::string toml_quote(std::string_view text);
// `key` bare when it can be, quoted otherwise.
std::string toml_key(std::string_view key);

class TomlWriter {
public:
    void comment(std::string_view text);
    void table(std::string_view name);       // [name], after a blank line
    void table_array(std::string_view name); // [[name]], after a blank line
    void add_string(std::string_view key, std::string_view value);
    void add_strings(std::string_view key, const std::vector<std::string>& values);
    void add_integer(std::string_view key, std::int64_t value);
    void add_float(std::string_view key, double value);
    void add_bool(std::string_view key, bool value);
    void add_date(std::string_view key, Date value);

    const std::string& text() const { return m_text; }

private:
    void add_line(std::string_view key, const std::string& value);
    void add_header(std::string_view header);

    std::string m_text;
};

} // namespace aafd::config
