// A batch of a provider's feed as a file: its name (provider, sequence range or snapshot,
// format), its content with its SHA-256, and writing it so that readers of the folder
// see either nothing or the whole file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include "sync/feed/feed_line.hpp"
#include "sync/feed/format.hpp"
#include "util/error.hpp"

namespace aafd::sync {

enum class BatchKind { Range, Snapshot };

// aafd-<provider>-<first_seq>-<last_seq>.<format> for a range of the journal,
// aafd-<provider>-snapshot-<seq>.<format> for a snapshot (first_seq == last_seq), each
// seq zero-padded to 12 digits so that names sort in sequence order.
struct BatchName {
    std::string provider;
    BatchKind kind = BatchKind::Range;
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
    FeedFormat format = FeedFormat::JsonLines;
    bool operator==(const BatchName&) const = default;
};

// REQUIRES: a non-empty provider name without '/', 0 <= first_seq <= last_seq.
std::string batch_file_name(const BatchName& name);
// The inverse of batch_file_name; nullopt for any other name (temporary files included).
std::optional<BatchName> parse_batch_file_name(std::string_view file_name);

struct RenderedBatch {
    std::string content;
    std::string sha256; // lower-case hex, of `content`
};

// The whole file: the header (CSV), then each line in order. Internal when the lines'
// seqs decrease; BadInput when a line is not valid UTF-8 (see render_feed_line).
Result<RenderedBatch> render_batch(FeedFormat format, const std::vector<FeedLine>& lines,
                                   const FeedFields& fields);

// The mode of a batch file, staged or delivered (written with util/file's
// write_file_atomically): the provider's pickup group may read it.
inline constexpr mode_t k_batch_file_mode = 0640;

} // namespace aafd::sync
