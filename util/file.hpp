// Files on disk: the one owner of a file descriptor, the one way to open a file aafd
// writes in place (never through a planted link), the one way to replace a file so
// that readers and a crash see either the old content or the new, the creation of
// folders with their mode whatever the umask, and the fsync of a folder that makes a
// rename or a new file in it survive a crash.
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

// Opens `path` for writing in place (`flags`: O_WRONLY or O_RDWR, O_APPEND, O_TRUNC),
// creating it with `mode` (whatever the umask) when it is absent. The folder may be
// writable by another user (aafd's own folders, when root runs a command), so the file
// is never reached through a symbolic link (O_NOFOLLOW) and must be a regular file with
// one link, owned by this process's user or by the folder's owner: anything else is Io
// naming `path` and what was found there, and nothing is created or truncated.
Result<Fd> open_for_writing(const std::filesystem::path& path, int flags, mode_t mode);

// Creates `dir` and its missing parents with `mode` (whatever the umask); folders that
// exist keep theirs. Io naming `dir` and the system's reason.
Result<void> create_folders(const std::filesystem::path& dir, mode_t mode);

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
