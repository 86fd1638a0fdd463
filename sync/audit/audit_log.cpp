// Appending to the audit trail under the lock; the journald copy; reading records.
#include "sync/audit/audit_log.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <systemd/sd-journal.h>

#include "sync/audit/actor.hpp"
#include "sync/audit/chain.hpp"
#include "sync/audit/files.hpp"
#include "util/file.hpp"

namespace aafd::sync {
namespace {

// Writes the whole line and syncs it; on any failure cuts the file back to `size`.
Result<void> append_line(const Fd& file, const std::filesystem::path& path,
                         const std::string& line) {
    off_t size = ::lseek(file.get(), 0, SEEK_END);
    if (size < 0)
        return audit_io_error("cannot append to audit file", path, errno);
    std::string_view rest = line;
    while (!rest.empty()) {
        ssize_t written = ::write(file.get(), rest.data(), rest.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            int error_number = written < 0 ? errno : ENOSPC;
            [[maybe_unused]] int ignored = ::ftruncate(file.get(), size);
            return audit_io_error("cannot write audit file", path, error_number);
        }
        rest.remove_prefix(static_cast<std::size_t>(written));
    }
    if (::fsync(file.get()) != 0) {
        int error_number = errno;
        [[maybe_unused]] int ignored = ::ftruncate(file.get(), size);
        return audit_io_error("cannot sync audit file", path, error_number);
    }
    return {};
}

Result<void> create_folder(const std::filesystem::path& dir) {
    if (auto created = create_folders(dir, 0750); !created) // readable by the owner and group only
        return with_context(created.error(), "audit folder");
    return {};
}

std::string details_text(const AuditRecord& record) {
    std::string text;
    for (const auto& [key, value] : record.details)
        text += " " + key + "=" + value;
    return text;
}

Result<void> read_file_records(const AuditDayFile& file, std::vector<AuditRecord>& records) {
    auto bytes = read_audit_file(file.path);
    if (!bytes)
        return std::unexpected(bytes.error());
    bool partial = false;
    auto lines = split_audit_lines(*bytes, partial);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto record = parse_audit_line(lines[i]);
        if (!record || (partial && i + 1 == lines.size()))
            return fail(ErrorCode::BadInput, file.path.string() + ": line " +
                                                 std::to_string(i + 1) +
                                                 ": damaged record; run `aafd audit verify`");
        records.push_back(std::move(*record));
    }
    return {};
}

} // namespace

AuditLog::AuditLog(AuditLogOptions options) : m_options(std::move(options)) {
    if (!m_options.clock)
        m_options.clock = [] { return std::chrono::system_clock::now(); };
    if (!m_options.mirror)
        m_options.mirror = journald_mirror;
}

std::string AuditLog::actor() const {
    std::uint64_t cycle = m_cycle;
    return cycle && m_options.actor == "scheduler" ? scheduler_actor(cycle) : m_options.actor;
}

Result<void> AuditLog::record(const AuditEvent& event) {
    std::lock_guard lock(m_mutex);
    auto written = append(event);
    if (!written)
        return std::unexpected(written.error());
    m_options.mirror(*written);
    m_last = std::move(*written);
    return {};
}

Result<AuditRecord> AuditLog::append(const AuditEvent& event) {
    const auto& dir = m_options.dir;
    if (auto created = create_folder(dir); !created)
        return std::unexpected(created.error());
    auto lock = AuditLock::acquire(dir);
    if (!lock)
        return std::unexpected(lock.error());
    auto files = list_audit_files(dir);
    if (!files)
        return std::unexpected(files.error());
    auto head = audit_trail_head(dir, *files);
    if (!head)
        return std::unexpected(head.error());
    auto now = m_options.clock();
    Date day = utc_date(now);
    if (!files->empty() && files->back().day > day)
        day = files->back().day; // the clock went back: the chain stays in file order
    auto path = dir / audit_file_name(day);
    bool is_new = files->empty() || files->back().day != day;
    auto file = open_for_writing(path, O_WRONLY | O_APPEND, 0640);
    if (!file)
        return with_context(file.error(), "audit file");
    if (is_new)
        if (auto synced = fsync_dir(dir); !synced)
            return std::unexpected(synced.error());
    std::string line;
    auto record = chain_record(*head, event, actor(), to_iso_timestamp(now), line);
    if (auto appended = append_line(*file, path, line + "\n"); !appended)
        return std::unexpected(appended.error());
    return record;
}

void journald_mirror(const AuditRecord& record) {
    std::string message = "audit seq=" + std::to_string(record.seq) + " actor=" + record.actor +
                          " action=" + record.action + " object=" + record.object +
                          " outcome=" + record.outcome + details_text(record);
    sd_journal_send("MESSAGE=%s", message.c_str(), "PRIORITY=%i", 6, "SYSLOG_IDENTIFIER=aafd",
                    "AAFD_AUDIT_SEQ=%llu", static_cast<unsigned long long>(record.seq),
                    "AAFD_AUDIT_TIME=%s", record.time.c_str(), "AAFD_ACTOR=%s",
                    record.actor.c_str(), "AAFD_ACTION=%s", record.action.c_str(), "AAFD_OBJECT=%s",
                    record.object.c_str(), "AAFD_OUTCOME=%s", record.outcome.c_str(),
                    "AAFD_DETAILS=%s", details_text(record).c_str(), "AAFD_AUDIT_HASH=%s",
                    record.hash.c_str(), nullptr);
}

Result<std::vector<AuditRecord>> read_audit_records(const std::filesystem::path& dir,
                                                    std::optional<Date> since,
                                                    std::optional<Date> until) {
    auto files = list_audit_files(dir);
    if (!files)
        return std::unexpected(files.error());
    std::vector<AuditRecord> records;
    for (const auto& file : *files) {
        if ((since && file.day < *since) || (until && file.day > *until))
            continue;
        if (auto read = read_file_records(file, records); !read)
            return std::unexpected(read.error());
    }
    return records;
}

} // namespace aafd::sync
