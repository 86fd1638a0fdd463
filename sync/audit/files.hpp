// The files of an audit trail folder: one JSON Lines file per UTC day
// (YYYY-MM-DD.jsonl), the lock every writer and purge holds (audit.lock), and the
// anchor a purge leaves (anchor.json: the last seq and hash of the purged days).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sync/audit/chain.hpp"
#include "util/date.hpp"
#include "util/file.hpp"

namespace aafd::sync {

inline constexpr std::string_view k_audit_lock_name = "audit.lock";
inline constexpr std::string_view k_audit_anchor_name = "anchor.json";

struct AuditDayFile {
    Date day;
    std::filesystem::path path;
};

// "2025-09-03.jsonl"
std::string audit_file_name(Date day);
// The day files of `dir`, oldest first; none when `dir` does not exist.
Result<std::vector<AuditDayFile>> list_audit_files(const std::filesystem::path& dir);
// The whole file. ErrorCode::Io naming it when it cannot be read.
Result<std::string> read_audit_file(const std::filesystem::path& path);
// The file cut into lines; `partial` is set when the last one has no end of line.
std::vector<std::string_view> split_audit_lines(std::string_view bytes, bool& partial);

// A purge's anchor: the chain of the first kept day continues `head`.
struct AuditAnchor {
    Date purged_through;
    AuditHead head;
    bool operator==(const AuditAnchor&) const = default;
};
Result<std::optional<AuditAnchor>> read_audit_anchor(const std::filesystem::path& dir);
// Written atomically over anchor.json (write_file_atomically).
Result<void> write_audit_anchor(const std::filesystem::path& dir, const AuditAnchor& anchor);

// The last record of the trail: the newest non-empty day file's last line, else the
// anchor, else genesis. ErrorCode::Io when that line is partial or damaged.
Result<AuditHead> audit_trail_head(const std::filesystem::path& dir,
                                   const std::vector<AuditDayFile>& files);

// An exclusive flock on dir/audit.lock, released when the object goes.
class AuditLock {
public:
    static Result<AuditLock> acquire(const std::filesystem::path& dir);

private:
    explicit AuditLock(Fd fd) : m_fd(std::move(fd)) {}
    Fd m_fd;
};

// "<what> <path>: <strerror(errno)>" as an ErrorCode::Io error.
std::unexpected<Error> audit_io_error(const std::string& what, const std::filesystem::path& path,
                                      int error_number);

} // namespace aafd::sync
