// Reads the files of a set one after the other on one worker thread while the calling
// thread consumes their blocks, so that parsing (one core) overlaps diffing and SQLite
// (the other), across file ends too: most chunk files are a handful of blocks. At most
// `depth` items wait in between, so memory stays bounded.
// The sink is only ever called on the calling thread; `open`, the sources and the
// preparer only on the worker.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "parsers/export_reader.hpp"
#include "sync/core/prepared_record.hpp"
#include "sync/import/leftovers.hpp"

namespace aafd::sync {

// One file of a set: its name in messages, and how to open it.
struct PipelineInput {
    std::string display_name;
    std::function<Result<std::unique_ptr<ByteSource>>()> open;
};

// Receives each input in order: on_file_start, then its metadata and blocks (as a
// RecordSink), then on_file_end with the file's summary.
class FilesSink : public RecordSink {
public:
    virtual Result<void> on_file_start(std::size_t index) = 0;
    virtual Result<void> on_file_end(std::size_t index, const FileSummary& summary) = 0;
    // Each block with what the preparer made of it (empty without one); by default the
    // block alone goes to on_block. What the sink adds to `leftovers` is freed on the
    // worker, as what the preparer made is.
    virtual Result<void> on_prepared_block(RecordBlock& block, std::vector<PreparedRecord>&,
                                           Leftovers& /*leftovers*/) {
        return on_block(block);
    }
};

// Pure work on a block's records, done on the worker while the caller consumes earlier
// blocks.
using BlockPreparer = std::function<std::vector<PreparedRecord>(const RecordBlock&)>;

// Same contract as read_export for each file: the sink's first error, or the reader's
// (opening included), stops both threads and is returned; nothing after it is delivered.
Result<void> read_exports_pipelined(std::span<const PipelineInput> inputs, FilesSink& sink,
                                    const ReadOptions& options, const BlockPreparer& prepare = {},
                                    std::size_t depth = 4);

} // namespace aafd::sync
