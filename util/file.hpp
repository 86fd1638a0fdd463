// Files on disk: the one owner of a file descriptor, the one way to replace a file so
// that readers and a crash see either the old content or the new, and the fsync of a
// folder that makes a rename or a new file in it survive a crash.
#pragma once

#include <filesystem>
#include <string_view>
#include <sys/types.h>
#include <utility>

#include "util/error.hpp"

namespace aafd {

// Owns a file descriptor (-1: none) and closes it when it goes. Move-only.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(Fd&& other) noexcept : m_fd(other.release()) {}
    Fd& operator=(Fd&& other) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd();

    int get() const { return m_fd; }
    // Gives up the descriptor without closing it (the caller closes it, checking ::close).
    int release() { return std::exchange(m_fd, -1); }
    explicit operator bool() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

// A file written in pieces that readers and a crash see whole or not at all: a
// temporary file beside `target` (.<name>.<pid>-<n>.tmp, created with O_EXCL), renamed onto
// it by commit(); removed when the object goes without a commit. Errors (Io) name the
// target and the system's reason.
class AtomicFile {
public:
    explicit AtomicFile(std::filesystem::path target) : m_target(std::move(target)) {}
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    Result<void> create();
    Result<void> write(std::string_view bytes);
    // Gives the file `mode` (whatever the umask), fsyncs and closes it, renames it onto the
    // target and fsyncs the folder.
    Result<void> commit(mode_t mode);

private:
    std::filesystem::path m_target;
    std::filesystem::path m_path; // empty when there is no file to remove
    Fd m_fd;
};

// Writes `bytes` to a temporary file beside `path` (.<name>.<pid>-<n>.tmp, created with
// O_EXCL), gives it `mode` (whatever the umask), fsyncs it, renames it over `path` and
// fsyncs the folder. On failure the temporary file is removed and the error (Io) names
// `path` and the system's reason; `path` is then untouched, unless only the folder's
// fsync failed.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                                   mode_t mode);

// fsyncs a folder, so a rename or a new file in it survives a crash. Io naming the folder.
Result<void> fsync_dir(const std::filesystem::path& dir);

} // namespace aafd
