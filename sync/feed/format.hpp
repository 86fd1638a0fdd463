// How feed lines are written for a provider: JSON Lines or CSV, limited to the field
// groups its convention allows. The set formats (`aaf`: sync/feed/aaf_set, `be1d`:
// sync/feed/be1d_set) write whole
// sets, not lines. docs/feed.md is the specification given to providers:
// change both together.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "sync/feed/feed_line.hpp"
#include "util/error.hpp"

namespace aafd::sync {

// Ldif: LDIF change records for an SDET directory, rendered per batch with a layout
// (sync/feed/ldif_format.hpp), never line by line.
enum class FeedFormat { JsonLines, Csv, Ldif, Aaf, Be1d };

// Whether a batch of that format is a folder holding a whole set (sync/feed/set_folder).
bool is_set_format(FeedFormat format);

// The field groups a provider may receive.
using FeedFields = std::set<FeedField>;

// "jsonl", "csv", "ldif", "aaf", "be1d": also the extension of batch files (and set folders).
std::string_view feed_format_name(FeedFormat format);
std::optional<FeedFormat> feed_format_from_name(std::string_view name);

// The first line of a file: the CSV header row (CRLF-terminated) naming the columns for
// `fields`; empty for JSON Lines.
std::string feed_header(FeedFormat format, const FeedFields& fields);

// One line, terminated (LF for JSON Lines, CRLF for CSV). Create and update lines carry
// every allowed group; deactivate and delete lines only seq, op, reason, id, category,
// flow and the login (when allowed). BadInput when a string of the line is not valid
// UTF-8, naming its seq, id and field.
Result<std::string> render_feed_line(FeedFormat format, const FeedLine& line,
                                     const FeedFields& fields);

} // namespace aafd::sync
