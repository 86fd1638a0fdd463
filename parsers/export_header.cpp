// Scanning the prolog of an AAF file by hand: it is small, and scanning it before the
// XML parser runs lets the metadata reach the sink before the first block, and lets a
// DOCTYPE's internal subset be refused before any entity could be declared.
#include "parsers/export_header.hpp"

namespace aafd {
namespace {

constexpr std::string_view k_root = "ficAlimMENESR";
constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::size_t k_declaration_limit = 1024; // an XML declaration is never longer

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_key_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }

bool is_key_char(char c) {
    return is_key_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':';
}

// Element names: XML allows non-ASCII letters; their UTF-8 bytes are all >= 0x80.
bool is_name_char(char c) { return is_key_char(c) || static_cast<unsigned char>(c) >= 0x80; }

std::size_t skip_spaces(std::string_view text, std::size_t offset) {
    while (offset < text.size() && is_space(text[offset]))
        ++offset;
    return offset;
}

std::unexpected<TextProblem> problem(std::size_t offset, std::string message,
                                     bool with_column = false) {
    return std::unexpected(TextProblem{offset, std::move(message), with_column});
}

// The offset just after the '>' closing the markup that starts at `start`, skipping quoted
// strings; nullopt when the text ends first. Sets `subset` on a '[' outside quotes.
std::optional<std::size_t> markup_end(std::string_view text, std::size_t start,
                                      bool* subset = nullptr) {
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"' || c == '\'') {
            i = text.find(c, i + 1);
            if (i == std::string_view::npos)
                return std::nullopt;
        } else if (c == '[' && subset) {
            *subset = true;
            return i;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return std::nullopt;
}

struct RootTag {
    std::size_t end; // just after its '>'
    bool self_closing;
};

using RootStep = std::expected<std::optional<RootTag>, TextProblem>;

std::unexpected<TextProblem> truncated(std::string_view text, std::size_t offset) {
    const std::string_view rest = text.substr(offset);
    if (rest.empty())
        return problem(offset, "truncated file: no <ficAlimMENESR> element");
    if (rest.starts_with("<!DOCTYPE"))
        return problem(offset, "truncated file: DOCTYPE not closed");
    if (rest.starts_with("<?"))
        return problem(offset, "truncated file: processing instruction not closed");
    if (rest.starts_with("<!"))
        return problem(offset, "truncated file: comment not closed");
    return problem(offset, "truncated file: <ficAlimMENESR> tag not closed");
}

// The root element's start tag at text[start] == '<'.
RootStep root_tag(std::string_view text, std::size_t start, bool at_end) {
    std::size_t name_end = start + 1;
    while (name_end < text.size() && is_name_char(text[name_end]))
        ++name_end;
    if (name_end == text.size())
        return at_end ? RootStep(truncated(text, start)) : RootStep(std::nullopt);
    const std::string_view name = text.substr(start + 1, name_end - start - 1);
    if (name.empty())
        return problem(start, "malformed XML: markup before the root element", true);
    if (name != k_root)
        return problem(start, "not an AAF export: the root element is <" + std::string(name) +
                                  ">, not <ficAlimMENESR>");
    const auto end = markup_end(text, name_end);
    if (!end)
        return at_end ? RootStep(truncated(text, start)) : RootStep(std::nullopt);
    return RootTag{*end, text[*end - 2] == '/'};
}

// The DOCTYPE at text[start]: the offset after it, nullopt when the text ends inside it.
std::expected<std::optional<std::size_t>, TextProblem> doctype(std::string_view text,
                                                               std::size_t start) {
    bool subset = false;
    const auto end = markup_end(text, start, &subset);
    if (subset)
        return problem(start, "DOCTYPE with an internal subset is not accepted");
    return end;
}

// Skips the prolog up to the root element's start tag, collecting metadata comments.
RootStep find_root(std::string_view text, bool at_end,
                   std::map<std::string, std::string>& comments) {
    std::size_t offset = 0;
    for (;;) {
        const MiscEnd misc = skip_misc(text, offset, &comments);
        offset = misc.offset;
        const std::string_view rest = text.substr(offset);
        const bool partial_doctype =
            rest.size() < 9 && std::string_view("<!DOCTYPE").starts_with(rest);
        if (misc.open || rest.empty() || partial_doctype) {
            if (!at_end)
                return std::nullopt;
            return truncated(text, offset);
        }
        if (rest[0] != '<')
            return problem(offset, "malformed XML: text before the root element", true);
        if (!rest.starts_with("<!DOCTYPE"))
            return root_tag(text, offset, at_end);
        const auto end = doctype(text, offset);
        if (!end)
            return std::unexpected(end.error());
        if (!*end)
            return at_end ? RootStep(truncated(text, offset)) : RootStep(std::nullopt);
        offset = **end;
    }
}

} // namespace

std::vector<std::pair<std::string, std::string>> key_value_pairs(std::string_view content) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t i = skip_spaces(content, 0);
    while (i < content.size()) {
        const std::size_t key_start = i;
        if (!is_key_start(content[i]))
            return {};
        while (i < content.size() && is_key_char(content[i]))
            ++i;
        const std::string_view key = content.substr(key_start, i - key_start);
        i = skip_spaces(content, i);
        if (i == content.size() || content[i] != '=')
            return {};
        i = skip_spaces(content, i + 1);
        if (i == content.size() || (content[i] != '"' && content[i] != '\''))
            return {};
        const std::size_t close = content.find(content[i], i + 1);
        if (close == std::string_view::npos)
            return {};
        pairs.emplace_back(key, content.substr(i + 1, close - i - 1));
        i = skip_spaces(content, close + 1);
    }
    return pairs;
}

MiscEnd skip_misc(std::string_view text, std::size_t offset,
                  std::map<std::string, std::string>* comments) {
    for (;;) {
        offset = skip_spaces(text, offset);
        const std::string_view rest = text.substr(offset);
        if (rest.starts_with("<!--")) {
            const std::size_t close = text.find("-->", offset + 4);
            if (close == std::string_view::npos)
                return {offset, true};
            if (comments)
                for (auto& [key, value] :
                     key_value_pairs(text.substr(offset + 4, close - offset - 4)))
                    comments->insert_or_assign(std::move(key), std::move(value));
            offset = close + 3;
        } else if (rest.starts_with("<?")) {
            const std::size_t close = text.find("?>", offset + 2);
            if (close == std::string_view::npos)
                return {offset, true};
            offset = close + 2;
        } else {
            const bool partial =
                !rest.empty() && rest.size() < 4 && std::string_view("<!--").starts_with(rest);
            return {offset, partial};
        }
    }
}

std::expected<std::optional<EncodingSniff>, TextProblem> sniff_encoding(std::string_view raw,
                                                                        bool at_end) {
    if (raw.size() < 4 && !at_end)
        return std::nullopt;
    if (raw.starts_with("\xFE\xFF") || raw.starts_with("\xFF\xFE"))
        return problem(0, "UTF-16 text is not supported (save the file as UTF-8 or ISO-8859-1)");
    EncodingSniff sniff;
    if (raw.starts_with(k_bom))
        sniff.bom_size = k_bom.size();
    const std::size_t start = skip_spaces(raw, sniff.bom_size);
    const std::string_view rest = raw.substr(start);
    // Spaces are read on only while a declaration may still follow them: a file of
    // nothing but spaces is then refused by the header's own size limit, read once.
    if (!at_end && rest.size() < 6 && std::string_view("<?xml ").starts_with(rest) &&
        start <= k_declaration_limit)
        return std::nullopt;
    if (rest.size() < 6 || !rest.starts_with("<?xml") || !is_space(rest[5]))
        return sniff;
    const std::size_t close = rest.find("?>");
    if (close == std::string_view::npos) {
        if (at_end)
            return problem(start, "truncated file: XML declaration not closed");
        if (rest.size() > k_declaration_limit)
            return problem(start, "malformed XML: XML declaration not closed", true);
        return std::nullopt;
    }
    for (const auto& [key, value] : key_value_pairs(rest.substr(5, close - 5)))
        if (key == "encoding")
            sniff.declared_encoding = value;
    if (sniff.declared_encoding.empty())
        return sniff;
    const auto encoding = encoding_from_name(sniff.declared_encoding);
    if (!encoding)
        return problem(start,
                       "unknown encoding \"" + sniff.declared_encoding +
                           "\" (aafd reads UTF-8, ISO-8859-1, ISO-8859-15 and windows-1252)");
    if (sniff.bom_size == 0)
        sniff.encoding = *encoding;
    return sniff;
}

std::expected<std::optional<ExportHeader>, TextProblem> scan_header(std::string_view text,
                                                                    bool at_end) {
    ExportHeader header;
    const auto root = find_root(text, at_end, header.comments);
    if (!root)
        return std::unexpected(root.error());
    if (!*root)
        return std::nullopt;
    if ((*root)->self_closing) {
        header.body_start = (*root)->end;
        header.root_closed = true;
        return header;
    }
    const MiscEnd misc = skip_misc(text, (*root)->end, &header.comments);
    if (!at_end && (misc.open || misc.offset == text.size()))
        return std::nullopt;
    header.body_start = misc.offset;
    return header;
}

} // namespace aafd
