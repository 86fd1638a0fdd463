// TOML text output for `render_config`: escaping, bare keys and secret redaction.
#include "config/toml_writer.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace aafd::config {
namespace {

constexpr std::array<std::string_view, 6> k_secret_words = {"password", "passwd", "passphrase",
                                                            "secret",   "token",  "credential"};

std::string lower(std::string_view text) {
    std::string result(text);
    for (char& c : result)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

bool is_bare_key_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

std::string escape_char(char c) {
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\b':
        return "\\b";
    case '\t':
        return "\\t";
    case '\n':
        return "\\n";
    case '\f':
        return "\\f";
    case '\r':
        return "\\r";
    default:
        break;
    }
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f)
        return std::string(1, c);
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(byte));
    return buffer;
}

// Shortest text that reads back as the same double, always with a '.' or an exponent
// so that TOML reads it as a float.
std::string format_float(double value) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    std::string text(buffer, error == std::errc{} ? end : buffer);
    if (text == "nan" || text == "-nan")
        return "nan";
    if (text.find_first_of(".eEn") == std::string::npos)
        text += ".0";
    return text;
}

} // namespace

bool looks_secret(std::string_view key) {
    std::string name = lower(key);
    for (std::string_view word : k_secret_words)
        if (name.find(word) != std::string::npos)
            return true;
    return false;
}

std::string toml_quote(std::string_view text) {
    std::string result = "\"";
    for (char c : text)
        result += escape_char(c);
    return result + "\"";
}

std::string toml_key(std::string_view key) {
    bool bare = !key.empty();
    for (char c : key)
        bare = bare && is_bare_key_char(c);
    return bare ? std::string(key) : toml_quote(key);
}

void TomlWriter::comment(std::string_view text) {
    m_text += "# ";
    for (char c : text)
        m_text += c == '\n' || c == '\r' ? ' ' : c;
    m_text += '\n';
}

void TomlWriter::table(std::string_view name) { add_header("[" + std::string(name) + "]"); }

void TomlWriter::table_array(std::string_view name) { add_header("[[" + std::string(name) + "]]"); }

void TomlWriter::add_string(std::string_view key, std::string_view value) {
    add_line(key, toml_quote(value));
}

void TomlWriter::add_strings(std::string_view key, const std::vector<std::string>& values) {
    std::string text = "[";
    for (const std::string& value : values)
        text += (text.size() > 1 ? ", " : "") + toml_quote(value);
    add_line(key, text + "]");
}

void TomlWriter::add_integer(std::string_view key, std::int64_t value) {
    add_line(key, std::to_string(value));
}

void TomlWriter::add_float(std::string_view key, double value) {
    add_line(key, format_float(value));
}

void TomlWriter::add_bool(std::string_view key, bool value) {
    add_line(key, value ? "true" : "false");
}

void TomlWriter::add_date(std::string_view key, Date value) { add_line(key, to_iso(value)); }

void TomlWriter::add_line(std::string_view key, const std::string& value) {
    m_text += toml_key(key) + " = " + (looks_secret(key) ? toml_quote(k_redacted) : value) + "\n";
}

void TomlWriter::add_header(std::string_view header) {
    if (!m_text.empty())
        m_text += '\n';
    m_text += header;
    m_text += '\n';
}

} // namespace aafd::config
