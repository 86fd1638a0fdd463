// The start of an AAF file, up to its first record: byte order mark, XML declaration
// (which names the encoding), comments, processing instructions, a DOCTYPE (never
// fetched; one with an internal subset is refused, so no entity is ever declared), the
// <ficAlimMENESR> start tag, and the comments after it that carry the metadata
// (<!-- degre="2D" -->). Also the skipping of comments that the end of a file needs.
#pragma once

#include <cstddef>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/text_encoding.hpp"
#include "parsers/text_position.hpp"

namespace aafd {

struct EncodingSniff {
    std::size_t bom_size = 0;      // bytes of a UTF-8 byte order mark, not part of the text
    std::string declared_encoding; // as the XML declaration writes it, or empty
    TextEncoding encoding = TextEncoding::Utf8;
};

// Reads the encoding from the first raw bytes of a file. A value of nullopt asks for more
// bytes (never when `at_end`). A UTF-8 byte order mark wins over a declaration. Problems
// (offsets into `raw`): a UTF-16 byte order mark, a declaration left open, an encoding
// aafd cannot read.
std::expected<std::optional<EncodingSniff>, TextProblem> sniff_encoding(std::string_view raw,
                                                                        bool at_end);

struct ExportHeader {
    std::size_t body_start = 0; // where the records (or the end of the root element) start
    bool root_closed = false;   // <ficAlimMENESR/>: nothing follows but comments
    std::map<std::string, std::string> comments; // key="value" comments before body_start
};

// Scans the decoded text of a file from its first character. A value of nullopt asks for
// more text (never when `at_end`). Problems: text or markup before the root element, a
// root element other than <ficAlimMENESR>, a DOCTYPE with an internal subset, a file that
// ends before its root element.
std::expected<std::optional<ExportHeader>, TextProblem> scan_header(std::string_view text,
                                                                    bool at_end);

// The key="value" pairs of a comment's (or declaration's) content; empty unless the whole
// content is such pairs separated by white space.
std::vector<std::pair<std::string, std::string>> key_value_pairs(std::string_view content);

struct MiscEnd {
    std::size_t offset; // of the first thing that is not a space, comment or instruction
    bool open = false;  // true when that thing is a comment or instruction left open
};
// Skips white space, comments and processing instructions from `offset`, adding the
// key="value" comments to `comments` when given. Text ending in "<", "<!" or "<!-" counts
// as an open comment: more text may complete it.
MiscEnd skip_misc(std::string_view text, std::size_t offset,
                  std::map<std::string, std::string>* comments = nullptr);

} // namespace aafd
