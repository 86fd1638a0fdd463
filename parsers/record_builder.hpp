// Turns the parsed elements of one block into Records, checking each as the AAF defines
// it: a known category, an <id>, the key attribute equal to the <id>, only "replace"
// modifications. Unknown elements and attributes are not refused here: sync/ decides
// what an unknown attribute means. Internal to parsers/ (it speaks pugixml).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "parsers/record.hpp"
#include "parsers/text_position.hpp"

namespace aafd {

// The file line of an offset in the parsed text; called with increasing offsets.
using LineOf = std::function<std::uint64_t(std::size_t parsed_offset)>;

// Fills `records` with one Record per request among the top-level elements of `fragment`,
// which was parsed in place from `parsed_text`; other top-level nodes are skipped. The
// records it held are overwritten (their vectors keep their capacity), extra ones erased.
// A value made of several pieces (text and CDATA) is joined into a new string of
// `joined`, which must outlive the records. A record spanning more than max_record_size
// bytes is refused. On a bad record, returns the problem at its opening tag's offset;
// `records` is then unspecified.
std::optional<TextProblem> build_records(pugi::xml_node fragment, std::string_view parsed_text,
                                         const LineOf& line_of, std::size_t max_record_size,
                                         std::deque<std::string>& joined,
                                         std::vector<Record>& records);

// "record larger than N bytes (max_record_size)": shared with the reader, which meets
// such a record before it can be parsed.
std::string record_too_large(std::size_t max_record_size);

} // namespace aafd
