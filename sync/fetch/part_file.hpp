// A download in progress in the spool: partial/<name>.part, resumed from its size when
// a previous run left it for the same remote version (size and mtime, kept beside it in
// <name>.part.source), hashed as it grows; committed by checking its size, fsyncing it
// and renaming it, so ready/ only ever holds complete files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

namespace aafd::sync {

class PartFile {
public:
    // Opens (or creates) `path` to receive a remote file of `expected_size` bytes last
    // modified at `remote_mtime`: an existing file left for that same version and not
    // longer is kept and hashed (resume); otherwise it is emptied (the remote file was
    // replaced since, or the version is unknown). Io on failure.
    static Result<PartFile> open(const std::filesystem::path& path, std::uint64_t expected_size,
                                 std::int64_t remote_mtime);

    std::uint64_t resumed_from() const { return m_resumed_from; }
    std::uint64_t size() const { return m_size; }
    Result<void> append(std::string_view bytes);
    // Checks the size is `expected_size`, fsyncs, renames to `target` and fsyncs
    // the folders. Returns the file's SHA-256 (hex).
    Result<std::string> commit(const std::filesystem::path& target);
    // Closes and deletes the file and its version (the remote file changed under us).
    void discard();
    // Deletes the version record, once the committed file has left partial/ for good
    // (until then a committed file renamed back to `path` still resumes).
    void forget_source();

private:
    PartFile(Fd fd, std::filesystem::path path, std::uint64_t expected, std::uint64_t size);
    Result<void> hash_existing();

    Fd m_fd;
    std::filesystem::path m_path;
    std::uint64_t m_expected = 0;
    std::uint64_t m_size = 0;
    std::uint64_t m_resumed_from = 0;
    Sha256 m_hash;
};

} // namespace aafd::sync
