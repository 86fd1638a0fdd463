// Where the text of an AAF file may be cut into blocks that parse on their own: right
// after the closing tag of a record (</addRequest>, </modifyRequest>, </deleteRequest>,
// with optional spaces before the '>'). No record spans two blocks. Such a tag inside a
// comment or CDATA section would be taken for a record end: both blocks then fail to parse,
// with an error, never a silent misreading.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace aafd {

// The largest offset <= limit that directly follows a record's closing tag.
std::optional<std::size_t> last_record_end(std::string_view text, std::size_t limit);
// The smallest offset following a record's closing tag whose '>' is at or after `from`:
// a search resumed from the old size of a growing text finds every new end.
std::optional<std::size_t> first_record_end(std::string_view text, std::size_t from);

} // namespace aafd
