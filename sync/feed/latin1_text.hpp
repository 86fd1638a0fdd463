// UTF-8 text in ISO-8859-1, for the files of feed formats read as Latin-1 (`be1d`), by
// ICU rather than by hand.
#pragma once

#include <string>
#include <string_view>

namespace aafd::sync {

// `utf8` in ISO-8859-1: characters outside Latin-1 transliterated by ICU ("Œ" -> "OE",
// "’" -> "'", "Ł" -> "L"), anything still outside as '?'. Invalid UTF-8 becomes '?'.
// Thread-safe.
std::string to_latin1(std::string_view utf8);

} // namespace aafd::sync
