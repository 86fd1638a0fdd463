// Reads one export file on a worker thread while the calling thread consumes its
// blocks, so that parsing (one core) overlaps diffing and SQLite (the other). At most
// `depth` blocks wait in between, so memory stays bounded.
// The sink is only ever called on the calling thread; the source only on the worker.
#pragma once

#include <cstddef>
#include <string_view>

#include "parsers/export_reader.hpp"

namespace aafd::sync {

// Same contract as read_export: the sink's first error, or the reader's, stops both
// threads and is returned.
Result<FileSummary> read_export_pipelined(ByteSource& source, std::string_view display_name,
                                          RecordSink& sink, const ReadOptions& options,
                                          std::size_t depth = 2);

} // namespace aafd::sync
