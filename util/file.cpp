// File descriptors, atomic file replacement and folder fsync.
#include "util/file.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace aafd {
namespace {

std::atomic<std::uint64_t> g_temp_files{0}; // distinguishes this process's temporary files

std::unexpected<Error> io_fail(const std::string& what, const std::filesystem::path& path) {
    return fail(ErrorCode::Io, what + " " + path.string() + ": " + std::strerror(errno));
}

} // namespace

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
