// HTML named entities (&eacute;, &nbsp;…) that some AAF producers emit although XML does
// not define them: the HTML 4 table, and the rewrite of a block's text that turns each
// into a numeric character reference (&#233;) before the XML parser sees it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aafd {

// The code point of an HTML 4 entity name (case-sensitive: "Eacute" ≠ "eacute"); nullopt
// for any other name, "apos" included (XML defines it, HTML 4 does not).
std::optional<char32_t> html_entity_code_point(std::string_view name);
// How many names the table holds (252).
std::size_t html_entity_count();

// A place where the rewritten text differs in length from the original.
struct EntityRewrite {
    std::size_t output_offset; // where the numeric reference starts in the output
    std::ptrdiff_t growth;     // its length minus the named reference's
};

struct UndefinedEntity {
    std::size_t offset; // of the '&' in the input
    std::string name;   // "foo" for &foo;, "#0" for &#0;

    // "undefined entity &foo;", "character reference &#0; is not an XML character"
    std::string message() const;
};

// Copies `text` to `out` (replacing its content), rewriting every `&name;` whose name is
// an HTML entity and not one of XML's five into `&#N;`; each rewrite is appended to
// `rewrites`. References inside comments and CDATA sections are left as written.
// Returns the first `&name;` that neither XML nor HTML defines, or the first character
// reference to what XML 1.0 does not allow in a document (&#0;, &#1;, &#xD800;, &#xFFFE;,
// past &#x10FFFF;), which the parser would write as a NUL or invalid UTF-8; `out` is then
// unspecified.
std::optional<UndefinedEntity> copy_with_numeric_entities(std::string_view text, std::string& out,
                                                          std::vector<EntityRewrite>& rewrites);

// Maps offsets of a rewritten copy back to the text it was copied from.
class RewriteMap {
public:
    explicit RewriteMap(const std::vector<EntityRewrite>& rewrites) : m_rewrites(rewrites) {}

    // The input offset of an output offset. Linear overall for increasing offsets; a
    // smaller offset than the previous one restarts from the first rewrite.
    std::size_t original(std::size_t output_offset);

private:
    const std::vector<EntityRewrite>& m_rewrites;
    std::size_t m_next = 0;      // first rewrite not yet passed
    std::ptrdiff_t m_growth = 0; // total growth of the rewrites passed
    std::size_t m_last_offset = 0;
};

} // namespace aafd
