// Listing, reading and locking the files of an audit trail folder.
#include "sync/audit/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace aafd::sync {
namespace {

constexpr std::string_view k_day_suffix = ".jsonl";

std::optional<Date> day_of_name(const std::string& name) {
    if (name.size() != 10 + k_day_suffix.size() || !name.ends_with(k_day_suffix))
        return std::nullopt;
    return parse_iso_date(std::string_view(name).substr(0, 10));
}

Result<AuditHead> head_of_line(const AuditDayFile& file, std::string_view line) {
    auto record = parse_audit_line(line);
    if (!record || !audit_hash_matches(line, *record))
        return fail(ErrorCode::Io, "cannot continue the audit trail: the last record of " +
                                       file.path.string() + " is damaged; run `aafd audit verify`");
    return head_of(*record);
}

// The end of a file from the start of its last line (or from the start of the file
// when the last line is longer than the tail read): enough to find the last record
// without reading the whole day.
Result<std::string> read_tail(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd)
        return audit_io_error("cannot open audit file", path, errno);
    off_t size = ::lseek(fd.get(), 0, SEEK_END);
    std::string tail;
    for (off_t want = 65536;; want *= 4) {
        off_t start = std::max<off_t>(0, size - want);
        tail.resize(static_cast<std::size_t>(size - start));
        ssize_t got = ::pread(fd.get(), tail.data(), tail.size(), start);
        if (got != static_cast<ssize_t>(tail.size()))
            return audit_io_error("cannot read audit file", path, got < 0 ? errno : EIO);
        auto cut = tail.size() < 2 ? std::string::npos : tail.rfind('\n', tail.size() - 2);
        if (start == 0 || cut != std::string::npos)
            return start == 0 || cut == std::string::npos ? tail : tail.substr(cut + 1);
    }
}

} // namespace

std::unexpected<Error> audit_io_error(const std::string& what, const std::filesystem::path& path,
                                      int error_number) {
    return fail(ErrorCode::Io, what + " " + path.string() + ": " + std::strerror(error_number));
}

std::string audit_file_name(Date day) { return to_iso(day) + std::string(k_day_suffix); }

Result<std::vector<AuditDayFile>> list_audit_files(const std::filesystem::path& dir) {
    std::vector<AuditDayFile> files;
    std::error_code error;
    if (!std::filesystem::exists(dir, error))
        return files;
    for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end;
         it.increment(error))
        if (auto day = day_of_name(it->path().filename().string()))
            files.push_back({*day, it->path()});
    if (error)
        return fail(ErrorCode::Io,
                    "cannot list the audit folder " + dir.string() + ": " + error.message());
    std::ranges::sort(files, {}, &AuditDayFile::day);
    return files;
}

Result<std::string> read_audit_file(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd)
        return audit_io_error("cannot open audit file", path, errno);
    std::string bytes;
    char buffer[65536];
    ssize_t got = 0;
    while ((got = ::read(fd.get(), buffer, sizeof buffer)) > 0)
        bytes.append(buffer, static_cast<std::size_t>(got));
    if (got < 0)
        return audit_io_error("cannot read audit file", path, errno);
    return bytes;
}

std::vector<std::string_view> split_audit_lines(std::string_view bytes, bool& partial) {
    std::vector<std::string_view> lines;
    partial = !bytes.empty() && bytes.back() != '\n';
    while (!bytes.empty()) {
        auto end = bytes.find('\n');
        lines.push_back(bytes.substr(0, end));
        bytes.remove_prefix(end == std::string_view::npos ? bytes.size() : end + 1);
    }
    return lines;
}

Result<std::optional<AuditAnchor>> read_audit_anchor(const std::filesystem::path& dir) {
    auto path = dir / k_audit_anchor_name;
    std::error_code error;
    if (!std::filesystem::exists(path, error))
        return std::optional<AuditAnchor>{};
    auto bytes = read_audit_file(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    auto json = nlohmann::json::parse(*bytes, nullptr, false);
    try {
        auto day = parse_iso_date(json.at("purged_through").get<std::string>());
        if (day)
            return AuditAnchor{
                *day, {json.at("seq").get<std::uint64_t>(), json.at("hash").get<std::string>()}};
    } catch (const nlohmann::json::exception&) {
    }
    return fail(ErrorCode::BadInput, path.string() + ": not an audit anchor");
}

Result<void> write_audit_anchor(const std::filesystem::path& dir, const AuditAnchor& anchor) {
    nlohmann::ordered_json json{{"purged_through", to_iso(anchor.purged_through)},
                                {"seq", anchor.head.seq},
                                {"hash", anchor.head.hash}};
    return write_file_atomically(dir / k_audit_anchor_name, json.dump() + "\n", 0640);
}

Result<AuditHead> audit_trail_head(const std::filesystem::path& dir,
                                   const std::vector<AuditDayFile>& files) {
    for (auto it = files.rbegin(); it != files.rend(); ++it) {
        auto bytes = read_tail(it->path);
        if (!bytes)
            return std::unexpected(bytes.error());
        if (bytes->empty())
            continue;
        bool partial = false;
        auto lines = split_audit_lines(*bytes, partial);
        if (partial)
            return fail(ErrorCode::Io, "cannot continue the audit trail: " + it->path.string() +
                                           " ends with an incomplete record; run `aafd audit "
                                           "verify`");
        return head_of_line(*it, lines.back());
    }
    auto anchor = read_audit_anchor(dir);
    if (!anchor)
        return fail(ErrorCode::Io, anchor.error().message);
    return *anchor ? (*anchor)->head : AuditHead{};
}

Result<AuditLock> AuditLock::acquire(const std::filesystem::path& dir) {
    auto path = dir / k_audit_lock_name;
    auto fd = open_for_writing(path, O_RDWR, 0640);
    if (!fd)
        return with_context(fd.error(), "audit lock");
    while (::flock(fd->get(), LOCK_EX) != 0)
        if (errno != EINTR)
            return audit_io_error("cannot lock", path, errno);
    return AuditLock(std::move(*fd));
}

} // namespace aafd::sync
