// Feed delivery by SFTP: one session (key, host key, login, remote folder), then each
// file written to a hidden .part, its size checked, fsync'd and renamed into place; or a
// set's files written into a hidden .part folder renamed into place.
#include "sync/feed/push.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "sync/sftp/read_watchdog.hpp"
#include "sync/sftp/remote_name.hpp"
#include "util/file.hpp"
#include "util/logger.hpp"

namespace aafd::sync {
namespace {

// A plain file name whose ".<name>.part" also fits in a file name.
Result<void> check_push_name(const std::string& name) {
    constexpr std::size_t k_max_name = 255 - std::string_view("..part").size();
    if (name.size() > k_max_name)
        return fail(ErrorCode::BadInput, "name longer than " + std::to_string(k_max_name) +
                                             " bytes (its .part would not fit in 255)");
    return check_remote_name(name);
}

// A path inside a pushed folder: each of its parts a plain name.
Result<void> check_push_path(const std::string& path) {
    for (std::size_t begin = 0, end = 0; end != std::string::npos; begin = end + 1) {
        end = path.find('/', begin);
        if (auto name = check_remote_name(path.substr(begin, end - begin)); !name)
            return name;
    }
    return {};
}

// Hands the bytes of `local` to `sink` in pieces of at most `chunk` bytes. Io when it
// cannot be read or its size changes while it is read (a batch is immutable).
Result<std::uint64_t> read_local(const std::filesystem::path& local, std::size_t chunk,
                                 const ReadSink& sink) {
    Fd file{::open(local.c_str(), O_RDONLY | O_CLOEXEC)};
    struct stat info {};
    if (!file || ::fstat(file.get(), &info) != 0)
        return fail(ErrorCode::Io, "cannot read " + local.string() + ": " + std::strerror(errno));
    std::string buffer(chunk, '\0');
    std::uint64_t total = 0;
    while (true) {
        ssize_t got = ::read(file.get(), buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return fail(ErrorCode::Io,
                        "cannot read " + local.string() + ": " + std::strerror(errno));
        if (got == 0)
            break;
        if (auto taken = sink({buffer.data(), static_cast<std::size_t>(got)}); !taken)
            return std::unexpected(taken.error());
        total += static_cast<std::uint64_t>(got);
    }
    if (total != static_cast<std::uint64_t>(info.st_size))
        return fail(ErrorCode::Io, local.string() + " changed while it was pushed (" +
                                       std::to_string(info.st_size) + " bytes, then " +
                                       std::to_string(total) + ")");
    return total;
}

// One connection to the provider's server and the files pushed over it.
class PushRun {
public:
    PushRun(const PushTarget& target, PushReport& report) : m_target(target), m_report(report) {}

    // `folder` empty: each item is a file of the remote folder; otherwise the items are
    // the files of the set `folder`, pushed whole.
    Result<void> run(const std::vector<PushItem>& items, const std::string& folder);

private:
    Result<SshSession> connect(); // connected, host key checked
    Result<void> work(SshSession& session, const SshKey& key, const std::vector<PushItem>& items,
                      const std::string& folder, ReadWatchdog& watchdog);
    Result<void> push_set(SftpSession& sftp, const std::vector<PushItem>& items,
                          const std::string& folder, ReadWatchdog& watchdog);
    Result<void> remove_tree(SftpSession& sftp, const std::string& path);
    Result<void> open_remote_dir(SftpSession& sftp);
    Result<void> push(SftpSession& sftp, const PushItem& item, ReadWatchdog& watchdog);
    Result<std::uint64_t> write_part(SftpSession& sftp, const std::filesystem::path& local,
                                     const std::string& part, ReadWatchdog& watchdog);

    const PushTarget& m_target;
    PushReport& m_report;
    std::string m_label; // host:port
};

Result<void> PushRun::run(const std::vector<PushItem>& items, const std::string& folder) {
    if (auto name = check_push_name(folder); !folder.empty() && !name)
        return fail(ErrorCode::Config,
                    "cannot push the folder '" + folder + "': " + name.error().message);
    for (const auto& item : items)
        if (auto name = folder.empty() ? check_push_name(item.remote_name)
                                       : check_push_path(item.remote_name);
            !name)
            return fail(ErrorCode::Config, "cannot push " + item.local.string() + " as '" +
                                               item.remote_name + "': " + name.error().message);
    auto key = SshKey::load(m_target.key);
    if (!key)
        return std::unexpected(key.error());
    m_report.key_fingerprint = key->fingerprint();
    auto session = connect();
    if (!session)
        return std::unexpected(session.error());
    ReadWatchdog watchdog(session->fd(), m_target.server.read_timeout);
    auto worked = work(*session, *key, items, folder, watchdog);
    if (!worked && watchdog.fired())
        return with_context(worked.error(),
                            "no progress for " +
                                std::to_string(m_target.server.read_timeout.count()) + " s");
    return worked;
}

Result<SshSession> PushRun::connect() {
    auto session = SshSession::connect(m_target.server);
    if (!session)
        return std::unexpected(session.error());
    m_label = session->label();
    m_report.server_fingerprint = session->server_fingerprint();
    if (auto trusted = session->verify_host_key(); !trusted)
        return std::unexpected(trusted.error());
    return session;
}

Result<void> PushRun::work(SshSession& session, const SshKey& key,
                           const std::vector<PushItem>& items, const std::string& folder,
                           ReadWatchdog& watchdog) {
    if (auto authenticated = session.authenticate(key); !authenticated)
        return authenticated;
    auto sftp = SftpSession::open(session);
    if (!sftp)
        return std::unexpected(sftp.error());
    watchdog.tick();
    if (auto dir = open_remote_dir(*sftp); !dir)
        return dir;
    if (!folder.empty())
        return push_set(*sftp, items, folder, watchdog);
    for (const auto& item : items)
        if (auto pushed = push(*sftp, item, watchdog); !pushed)
            return pushed;
    return {};
}

Result<void> PushRun::open_remote_dir(SftpSession& sftp) {
    const auto& dir = m_target.remote_dir;
    auto found = sftp.find(dir);
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return fail(ErrorCode::Config, "remote folder " + m_label + ":" + dir +
                                           " does not exist (the feed is pushed into it)");
    if (!(*found)->directory)
        return fail(ErrorCode::Config, "remote folder " + m_label + ":" + dir + " is not a folder");
    return {};
}

Result<void> PushRun::push(SftpSession& sftp, const PushItem& item, ReadWatchdog& watchdog) {
    std::string final_path = remote_path(m_target.remote_dir, item.remote_name);
    std::string part = remote_path(m_target.remote_dir, "." + item.remote_name + ".part");
    auto size = write_part(sftp, item.local, part, watchdog);
    if (!size)
        return std::unexpected(size.error());
    auto existing = sftp.find(final_path);
    if (!existing)
        return std::unexpected(existing.error());
    auto method = sftp.replace(part, final_path);
    if (!method)
        return std::unexpected(method.error());
    watchdog.tick();
    auto log = module_logger("push");
    if (*method == ReplaceMethod::RemoveThenRename && m_report.atomic)
        log->warn("host={} lacks posix-rename@openssh.com: files are replaced by removing, then "
                  "renaming",
                  m_label);
    m_report.atomic = m_report.atomic && *method == ReplaceMethod::Atomic;
    m_report.files.push_back(PushedFile{final_path, *size, existing->has_value()});
    m_report.bytes += *size;
    log->info("host={} path={} bytes={} replaced={}", m_label, final_path, *size,
              existing->has_value());
    return {};
}

Result<void> PushRun::push_set(SftpSession& sftp, const std::vector<PushItem>& items,
                               const std::string& folder, ReadWatchdog& watchdog) {
    std::string part = remote_path(m_target.remote_dir, "." + folder + ".part");
    std::string final_path = remote_path(m_target.remote_dir, folder);
    if (auto removed = remove_tree(sftp, part); !removed)
        return removed;
    if (auto made = sftp.make_folder(part, 0750); !made)
        return made;
    std::set<std::string> folders;
    for (const auto& item : items) {
        for (auto slash = item.remote_name.find('/'); slash != std::string::npos;
             slash = item.remote_name.find('/', slash + 1))
            if (auto sub = item.remote_name.substr(0, slash); folders.insert(sub).second)
                if (auto made = sftp.make_folder(part + "/" + sub, 0750); !made)
                    return made;
        auto size = write_part(sftp, item.local, part + "/" + item.remote_name, watchdog);
        if (!size)
            return std::unexpected(size.error());
        m_report.files.push_back(PushedFile{final_path + "/" + item.remote_name, *size, false});
        m_report.bytes += *size;
    }
    auto existing = sftp.find(final_path);
    if (!existing)
        return std::unexpected(existing.error());
    if (*existing)
        if (auto removed = remove_tree(sftp, final_path); !removed)
            return removed;
    if (auto renamed = sftp.rename(part, final_path); !renamed)
        return renamed;
    watchdog.tick();
    for (auto& file : m_report.files)
        file.replaced = existing->has_value();
    module_logger("push")->info("host={} path={} files={} bytes={} replaced={}", m_label,
                                final_path, items.size(), m_report.bytes, existing->has_value());
    return {};
}

// Removes `path` and, if it is a folder, everything under it; nothing there is fine.
Result<void> PushRun::remove_tree(SftpSession& sftp, const std::string& path) {
    auto found = sftp.find(path);
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return {};
    if (!(*found)->directory)
        return sftp.remove(path);
    auto entries = sftp.list(path);
    if (!entries)
        return std::unexpected(entries.error());
    for (const auto& entry : *entries)
        if (entry.name != "." && entry.name != "..")
            if (auto removed = remove_tree(sftp, path + "/" + entry.name); !removed)
                return removed;
    return sftp.remove_folder(path);
}

// Writes `local` to `part`, checks the size the server reports, fsyncs and closes it.
// On failure the part is removed when the connection still allows it.
Result<std::uint64_t> PushRun::write_part(SftpSession& sftp, const std::filesystem::path& local,
                                          const std::string& part, ReadWatchdog& watchdog) {
    auto file = sftp.open_write(part);
    if (!file)
        return std::unexpected(file.error());
    auto written = [&]() -> Result<std::uint64_t> {
        auto sink = [&](std::string_view bytes) {
            return file->write(bytes, &watchdog, m_target.write_chunk);
        };
        auto size = read_local(local, m_target.write_chunk, sink);
        if (!size)
            return size;
        auto remote = file->remote_size();
        if (!remote)
            return remote;
        if (*remote != *size)
            return fail(ErrorCode::Io, m_label + ":" + part + " holds " + std::to_string(*remote) +
                                           " bytes after writing " + std::to_string(*size));
        auto synced = file->fsync();
        if (!synced)
            return std::unexpected(synced.error());
        if (!*synced && m_report.fsynced)
            module_logger("push")->warn("host={} lacks fsync@openssh.com: pushed files reach "
                                        "its disk when its kernel decides",
                                        m_label);
        m_report.fsynced = m_report.fsynced && *synced;
        if (auto closed = file->close(); !closed)
            return std::unexpected(closed.error());
        return size;
    }();
    if (!written)
        if (auto removed = sftp.remove(part); !removed)
            module_logger("push")->debug("host={} path={} left behind: {}", m_label, part,
                                         removed.error().message);
    return written;
}

} // namespace

Result<PushReport> push_files(const PushTarget& target, const std::vector<PushItem>& items) {
    PushReport report;
    PushRun run(target, report);
    if (auto ran = run.run(items, {}); !ran)
        return std::unexpected(ran.error());
    return report;
}

Result<PushReport> push_file(const PushTarget& target, const std::filesystem::path& local,
                             const std::string& remote_name) {
    return push_files(target, {PushItem{local, remote_name}});
}

Result<PushReport> push_folder(const PushTarget& target, const std::string& name,
                               const std::vector<PushItem>& items) {
    PushReport report;
    PushRun run(target, report);
    if (auto ran = run.run(items, name); !ran)
        return std::unexpected(ran.error());
    return report;
}

} // namespace aafd::sync
