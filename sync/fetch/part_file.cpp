// Resumable .part files in the spool.
#include "sync/fetch/part_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace aafd::sync {
namespace {

std::unexpected<Error> io_fail(const std::string& what, const std::filesystem::path& path) {
    return fail(ErrorCode::Io, what + " " + path.string() + ": " + std::strerror(errno));
}

std::filesystem::path source_path(const std::filesystem::path& part) {
    return part.string() + ".source";
}

std::string read_source(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text;
    if (std::getline(in, text) && !in.eof())
        return text;
    return ""; // absent, or torn before its newline
}

// Written and fsync'd before any byte of that version lands in the .part: a torn or
// missing record only costs a download from the start.
Result<void> write_source(const std::filesystem::path& path, const std::string& text) {
    auto fd = open_for_writing(path, O_WRONLY | O_TRUNC, 0600);
    if (!fd)
        return std::unexpected(fd.error());
    std::string line = text + "\n";
    bool written =
        ::write(fd->get(), line.data(), line.size()) == static_cast<ssize_t>(line.size());
    if (!written || ::fsync(fd->get()) != 0)
        return io_fail("cannot write", path);
    return {};
}

} // namespace

PartFile::PartFile(Fd fd, std::filesystem::path path, std::uint64_t expected, std::uint64_t size)
    : m_fd(std::move(fd)), m_path(std::move(path)), m_expected(expected), m_size(size),
      m_resumed_from(size) {}

Result<PartFile> PartFile::open(const std::filesystem::path& path, std::uint64_t expected_size,
                                std::int64_t remote_mtime) {
    std::string source = std::to_string(expected_size) + " " + std::to_string(remote_mtime);
    bool same_source = read_source(source_path(path)) == source;
    auto opened = open_for_writing(path, O_RDWR, 0600);
    if (!opened)
        return std::unexpected(opened.error());
    Fd fd = std::move(*opened);
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        return io_fail("cannot stat", path);
    auto size = static_cast<std::uint64_t>(info.st_size);
    if (size > expected_size || (size > 0 && !same_source)) {
        // Durably empty before a new version is recorded as the one it holds.
        if (::ftruncate(fd.get(), 0) != 0 || ::fsync(fd.get()) != 0)
            return io_fail("cannot truncate", path);
        size = 0;
    }
    PartFile part(std::move(fd), path, expected_size, size);
    if (!same_source)
        if (auto written = write_source(source_path(path), source); !written)
            return std::unexpected(written.error());
    if (auto hashed = part.hash_existing(); !hashed)
        return std::unexpected(hashed.error());
    if (::lseek(part.m_fd.get(), static_cast<off_t>(size), SEEK_SET) < 0)
        return io_fail("cannot seek in", path);
    return part;
}

Result<void> PartFile::hash_existing() {
    std::vector<char> buffer(1 << 20);
    std::uint64_t done = 0;
    while (done < m_size) {
        auto want = std::min<std::uint64_t>(buffer.size(), m_size - done);
        ssize_t got = ::pread(m_fd.get(), buffer.data(), want, static_cast<off_t>(done));
        if (got <= 0)
            return io_fail("cannot read", m_path);
        m_hash.update({buffer.data(), static_cast<std::size_t>(got)});
        done += static_cast<std::uint64_t>(got);
    }
    return {};
}

Result<void> PartFile::append(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t written = ::write(m_fd.get(), bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return io_fail("cannot write", m_path);
        m_hash.update(bytes.substr(0, static_cast<std::size_t>(written)));
        bytes.remove_prefix(static_cast<std::size_t>(written));
        m_size += static_cast<std::uint64_t>(written);
    }
    return {};
}

Result<std::string> PartFile::commit(const std::filesystem::path& target) {
    if (m_size != m_expected)
        return fail(ErrorCode::Io, m_path.string() + " holds " + std::to_string(m_size) +
                                       " bytes, expected " + std::to_string(m_expected));
    if (::fsync(m_fd.get()) != 0)
        return io_fail("cannot fsync", m_path);
    m_fd = Fd();
    if (::rename(m_path.c_str(), target.c_str()) != 0)
        return io_fail("cannot rename into " + target.string() + ":", m_path);
    if (auto synced = fsync_dir(target.parent_path()); !synced)
        return std::unexpected(synced.error());
    if (auto synced = fsync_dir(m_path.parent_path()); !synced)
        return std::unexpected(synced.error());
    return m_hash.hex_digest();
}

void PartFile::discard() {
    m_fd = Fd();
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
    forget_source();
}

void PartFile::forget_source() {
    std::error_code ignored;
    std::filesystem::remove(source_path(m_path), ignored);
}

} // namespace aafd::sync
