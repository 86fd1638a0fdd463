// Makes text from an untrusted file fit for an error message, a log line or a JSON
// report: control characters and bytes that are not UTF-8 become \xNN, and the text is
// cut to a size, so a hostile file cannot forge log lines or carry megabytes into them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aafd {

// `text` with every byte below 0x20, 0x7F and every byte outside a valid UTF-8 sequence
// written as \xNN; cut after `max_size` bytes of output (whole characters) with "…".
std::string printable_text(std::string_view text, std::size_t max_size = 400);

} // namespace aafd
