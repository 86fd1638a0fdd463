// Batch file names, the content of a batch, and writing a file atomically.
#include "sync/feed/batch_file.hpp"

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

#include "sync/fetch/part_file.hpp"
#include "util/sha256.hpp"

namespace aafd::sync {
namespace {

constexpr std::string_view k_prefix = "aafd-";
constexpr std::string_view k_snapshot = "snapshot";
constexpr std::size_t k_seq_digits = 12;

std::string padded_seq(std::int64_t seq) {
    auto digits = std::to_string(seq);
    if (digits.size() >= k_seq_digits)
        return digits;
    return std::string(k_seq_digits - digits.size(), '0') + digits;
}

// "head-tail" split at its last '-'.
std::optional<std::pair<std::string_view, std::string_view>> split_last(std::string_view text) {
    auto dash = text.rfind('-');
    if (dash == std::string_view::npos)
        return std::nullopt;
    return std::pair{text.substr(0, dash), text.substr(dash + 1)};
}

std::optional<std::int64_t> parse_seq(std::string_view text) {
    if (text.size() < k_seq_digits || text.find_first_not_of("0123456789") != text.npos)
        return std::nullopt;
    std::int64_t seq = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seq);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return seq;
}

// The provider and the seqs of "<provider>-<first>-<last>" or "<provider>-snapshot-<seq>".
std::optional<BatchName> parse_stem(std::string_view stem) {
    auto last = split_last(stem);
    auto before = last ? split_last(last->first) : std::nullopt;
    auto last_seq = last ? parse_seq(last->second) : std::nullopt;
    if (!before || !last_seq)
        return std::nullopt;
    BatchName name;
    name.provider = std::string(before->first);
    name.last_seq = *last_seq;
    if (before->second == k_snapshot) {
        name.kind = BatchKind::Snapshot;
        name.first_seq = *last_seq;
        return name;
    }
    auto first_seq = parse_seq(before->second);
    if (!first_seq)
        return std::nullopt;
    name.first_seq = *first_seq;
    return name;
}

std::atomic<std::uint64_t> g_temp_files{0}; // distinguishes this process's temporary files

// A temporary file beside a target, removed unless renamed onto it.
class TempFile {
public:
    explicit TempFile(std::filesystem::path target) : m_target(std::move(target)) {}
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_path.empty())
            ::unlink(m_path.c_str());
    }

    Result<void> create() {
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto name = "." + m_target.filename().string() + "." + std::to_string(::getpid()) +
                        "-" + std::to_string(g_temp_files++) + ".tmp";
            auto path = m_target.parent_path() / name;
            m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
            if (m_fd >= 0) {
                m_path = path;
                return {};
            }
            if (errno != EEXIST)
                break;
        }
        return failure("cannot create a temporary file for");
    }

    Result<void> write(std::string_view content) {
        while (!content.empty()) {
            auto written = ::write(m_fd, content.data(), content.size());
            if (written < 0 && errno == EINTR)
                continue;
            if (written < 0)
                return failure("cannot write");
            content.remove_prefix(static_cast<std::size_t>(written));
        }
        return {};
    }

    // Fsyncs and closes the file, then renames it onto the target.
    Result<void> commit() {
        if (::fsync(m_fd) != 0)
            return failure("cannot fsync");
        int closed = ::close(std::exchange(m_fd, -1));
        if (closed != 0)
            return failure("cannot close");
        if (::rename(m_path.c_str(), m_target.c_str()) != 0)
            return failure("cannot rename a temporary file onto");
        m_path.clear();
        return {};
    }

private:
    std::unexpected<Error> failure(const std::string& what) const {
        return fail(ErrorCode::Io, what + " " + m_target.string() + ": " + std::strerror(errno));
    }

    std::filesystem::path m_target;
    std::filesystem::path m_path; // empty when there is no file to remove
    int m_fd = -1;
};

} // namespace

std::string batch_file_name(const BatchName& name) {
    std::string range = name.kind == BatchKind::Snapshot
                            ? std::string(k_snapshot) + "-" + padded_seq(name.last_seq)
                            : padded_seq(name.first_seq) + "-" + padded_seq(name.last_seq);
    return std::string(k_prefix) + name.provider + "-" + range + "." +
           std::string(feed_format_name(name.format));
}

std::optional<BatchName> parse_batch_file_name(std::string_view file_name) {
    auto dot = file_name.rfind('.');
    if (!file_name.starts_with(k_prefix) || dot == std::string_view::npos || dot < k_prefix.size())
        return std::nullopt;
    auto format = feed_format_from_name(file_name.substr(dot + 1));
    auto name = parse_stem(file_name.substr(k_prefix.size(), dot - k_prefix.size()));
    if (!format || !name || name->provider.empty() ||
        name->provider.find('/') != std::string::npos || name->first_seq > name->last_seq)
        return std::nullopt;
    name->format = *format;
    // Only the canonical spelling: no extra leading zeros.
    if (batch_file_name(*name) != file_name)
        return std::nullopt;
    return name;
}

Result<RenderedBatch> render_batch(FeedFormat format, const std::vector<FeedLine>& lines,
                                   const FeedFields& fields) {
    RenderedBatch batch{feed_header(format, fields), {}};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0 && lines[i].seq < lines[i - 1].seq)
            return fail(ErrorCode::Internal, "feed lines out of order: seq " +
                                                 std::to_string(lines[i].seq) + " after seq " +
                                                 std::to_string(lines[i - 1].seq));
        auto rendered = render_feed_line(format, lines[i], fields);
        if (!rendered)
            return std::unexpected(rendered.error());
        batch.content += *rendered;
    }
    batch.sha256 = sha256_hex(batch.content);
    return batch;
}

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    TempFile temp(path);
    if (auto created = temp.create(); !created)
        return created;
    if (auto written = temp.write(content); !written)
        return written;
    if (auto committed = temp.commit(); !committed)
        return committed;
    auto folder = path.parent_path();
    return fsync_dir(folder.empty() ? std::filesystem::path(".") : folder);
}

} // namespace aafd::sync
