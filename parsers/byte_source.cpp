// Byte sources: a POSIX file read with read(2), and an in-memory string.
#include "parsers/byte_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#include "util/file.hpp"

namespace aafd {
namespace {

// An open file, read from where the previous read stopped.
class FileSource final : public ByteSource {
public:
    FileSource(Fd fd, std::string path) : m_fd(std::move(fd)), m_path(std::move(path)) {}

    Result<std::size_t> read(std::span<char> buffer) override {
        for (;;) {
            const ssize_t got = ::read(m_fd.get(), buffer.data(), buffer.size());
            if (got >= 0)
                return static_cast<std::size_t>(got);
            if (errno != EINTR)
                return fail(ErrorCode::Io, "cannot read " + m_path + ": " + std::strerror(errno));
        }
    }

private:
    Fd m_fd;
    std::string m_path;
};

class StringSource final : public ByteSource {
public:
    explicit StringSource(std::string bytes) : m_bytes(std::move(bytes)) {}

    Result<std::size_t> read(std::span<char> buffer) override {
        const std::size_t size = std::min(buffer.size(), m_bytes.size() - m_offset);
        std::memcpy(buffer.data(), m_bytes.data() + m_offset, size);
        m_offset += size;
        return size;
    }

private:
    std::string m_bytes;
    std::size_t m_offset = 0;
};

} // namespace

Result<std::unique_ptr<ByteSource>> open_file_source(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return fail(ErrorCode::NoInput,
                    "cannot open " + path.string() + ": " + std::strerror(errno));
    struct stat status {};
    if (::fstat(fd.get(), &status) == 0 && S_ISDIR(status.st_mode))
        return fail(ErrorCode::NoInput,
                    "cannot open " + path.string() + ": " + std::strerror(EISDIR));
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::make_unique<FileSource>(std::move(fd), path.string());
}

std::unique_ptr<ByteSource> make_string_source(std::string bytes) {
    return std::make_unique<StringSource>(std::move(bytes));
}

} // namespace aafd
