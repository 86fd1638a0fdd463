// File descriptors, atomic file replacement and folder fsync.
#include "util/file.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace aafd {
namespace {

std::atomic<std::uint64_t> g_temp_files{0}; // distinguishes this process's temporary files

std::unexpected<Error> io_fail(const std::string& what, const std::filesystem::path& path) {
    return fail(ErrorCode::Io, what + " " + path.string() + ": " + std::strerror(errno));
}

// Why an opened file may not be written, or nullopt.
std::optional<std::string> refusal(const struct stat& file, const std::filesystem::path& path) {
    if (!S_ISREG(file.st_mode))
        return "it is not a regular file";
    if (file.st_nlink != 1)
        return "it has " + std::to_string(file.st_nlink) + " hard links";
    if (file.st_uid == ::geteuid())
        return std::nullopt;
    struct stat folder {};
    auto parent = path.parent_path();
    if (::stat(parent.empty() ? "." : parent.c_str(), &folder) != 0 || folder.st_uid != file.st_uid)
        return "it belongs to user " + std::to_string(file.st_uid) +
               ", neither this process's user nor the folder's owner";
    return std::nullopt;
}

} // namespace

Result<Fd> open_for_writing(const std::filesystem::path& path, int flags, mode_t mode) {
    int base = (flags & ~O_TRUNC) | O_NOFOLLOW | O_CLOEXEC;
    Fd fd(::open(path.c_str(), base | O_CREAT | O_EXCL, mode));
    if (fd) {
        if (::fchmod(fd.get(), mode) != 0)
            return io_fail("cannot set the mode of", path);
        return fd;
    }
    if (errno == EEXIST)
        fd = Fd(::open(path.c_str(), base | O_NONBLOCK));
    if (!fd && errno == ELOOP)
        return fail(ErrorCode::Io, "refusing to open " + path.string() +
                                       ": it is a symbolic link (planted by another user?)");
    if (!fd)
        return io_fail("cannot open", path);
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        return io_fail("cannot stat", path);
    if (auto why = refusal(info, path))
        return fail(ErrorCode::Io, "refusing to open " + path.string() + ": " + *why);
    if (::fcntl(fd.get(), F_SETFL, flags & O_APPEND) != 0)
        return io_fail("cannot set the flags of", path);
    if ((flags & O_TRUNC) && ::ftruncate(fd.get(), 0) != 0)
        return io_fail("cannot truncate", path);
    return fd;
}

Result<void> create_folders(const std::filesystem::path& dir, mode_t mode) {
    if (dir.empty() || std::filesystem::is_directory(dir))
        return {};
    if (auto parent = create_folders(dir.parent_path(), mode); !parent)
        return parent;
    if (::mkdir(dir.c_str(), mode) == 0) {
        if (::chmod(dir.c_str(), mode) != 0)
            return io_fail("cannot set the mode of", dir);
    } else if (int error = errno; error != EEXIST || !std::filesystem::is_directory(dir)) {
        errno = error == EEXIST ? ENOTDIR : error; // EEXIST: a file is in the way
        return io_fail("cannot create the folder", dir);
    }
    return {};
}

Fd& Fd::operator=(Fd&& other) noexcept {
    if (this != &other) {
        Fd previous(std::exchange(m_fd, other.release())); // closed here
    }
    return *this;
}

Fd::~Fd() {
    if (m_fd >= 0)
        ::close(m_fd);
}

AtomicFile::~AtomicFile() {
    m_fd = Fd();
    if (!m_path.empty())
        ::unlink(m_path.c_str());
}

Result<void> AtomicFile::create() {
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto name = "." + m_target.filename().string() + "." + std::to_string(::getpid()) + "-" +
                    std::to_string(g_temp_files++) + ".tmp";
        auto path = m_target.parent_path() / name;
        m_fd = Fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        if (m_fd) {
            m_path = path;
            return {};
        }
        if (errno != EEXIST)
            break;
    }
    return io_fail("cannot create a temporary file for", m_target);
}

Result<void> AtomicFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        auto written = ::write(m_fd.get(), bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return io_fail("cannot write", m_target);
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

Result<void> AtomicFile::commit(mode_t mode) {
    if (::fchmod(m_fd.get(), mode) != 0)
        return io_fail("cannot set the mode of", m_target);
    if (::fsync(m_fd.get()) != 0)
        return io_fail("cannot fsync", m_target);
    if (::close(m_fd.release()) != 0)
        return io_fail("cannot close", m_target);
    if (::rename(m_path.c_str(), m_target.c_str()) != 0)
        return io_fail("cannot rename a temporary file onto", m_target);
    m_path.clear();
    auto folder = m_target.parent_path();
    return fsync_dir(folder.empty() ? std::filesystem::path(".") : folder);
}

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                                   mode_t mode) {
    AtomicFile temp(path);
    if (auto created = temp.create(); !created)
        return created;
    if (auto written = temp.write(bytes); !written)
        return written;
    return temp.commit(mode);
}

Result<void> fsync_dir(const std::filesystem::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd)
        return io_fail("cannot open folder", dir);
    if (::fsync(fd.get()) != 0)
        return io_fail("cannot fsync folder", dir);
    return {};
}

} // namespace aafd
