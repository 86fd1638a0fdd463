// Writes a batch file line by line as the lines are built: the header (CSV), then each
// line, hashed as it goes, through a temporary file that becomes the batch file whole at
// finish() (util/file's AtomicFile). Memory holds one buffer of lines, whatever the
// batch's size: a snapshot of every account streams to its file.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "sync/feed/feed_line.hpp"
#include "sync/feed/format.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

namespace aafd::sync {

class BatchWriter {
public:
    // Creates the temporary file beside `path` and writes the header.
    static Result<BatchWriter> open(const std::filesystem::path& path, FeedFormat format,
                                    const FeedFields& fields);

    // Internal when the line's seq is below the previous one's; BadInput when it is not
    // valid UTF-8 (see render_feed_line).
    Result<void> append(const FeedLine& line);
    // Writes what is buffered, gives the file `mode` and renames it onto the batch file.
    // Returns the file's SHA-256 (lower-case hex).
    Result<std::string> finish(mode_t mode);

    std::uint64_t lines() const { return m_lines; }

private:
    BatchWriter(std::unique_ptr<AtomicFile> file, FeedFormat format, const FeedFields& fields)
        : m_file(std::move(file)), m_format(format), m_fields(fields) {}
    Result<void> flush();

    std::unique_ptr<AtomicFile> m_file;
    FeedFormat m_format;
    FeedFields m_fields;
    Sha256 m_sha256;
    std::string m_buffer;
    std::uint64_t m_lines = 0;
    std::int64_t m_last_seq = 0;
};

} // namespace aafd::sync
