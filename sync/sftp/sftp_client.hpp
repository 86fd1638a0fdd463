// Move-only owners of libssh's handles (ssh_session, sftp_session, sftp_file, the
// client's private key): the one place in aafd that calls the raw libssh API.
// Host keys are checked strictly against one known_hosts file; authentication is by
// public key only; reads are pipelined, writes go in large awaited chunks. None of
// these types may be used from two threads (a ReadWatchdog may shut the socket down).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include "sync/sftp/read_watchdog.hpp"
#include "util/error.hpp"

namespace aafd::sync {

// Refuses a private key file that is missing or readable by group or others
// (ErrorCode::Config, the message names the file and `chmod 600`).
Result<void> check_private_key_file(const std::filesystem::path& path);
// The same check for any secret file, `what` naming it ("password file").
Result<void> check_secret_file(const std::filesystem::path& path, const std::string& what);

// A client private key (unencrypted), loaded for public-key authentication.
class SshKey {
public:
    // Checks the file's mode, then loads it. Config errors name the file.
    static Result<SshKey> load(const std::filesystem::path& path);
    SshKey(SshKey&&) noexcept;
    SshKey& operator=(SshKey&&) noexcept;
    ~SshKey();

    // "SHA256:…" as ssh-keygen -l prints it.
    const std::string& fingerprint() const { return m_fingerprint; }

private:
    friend class SshSession;
    struct Handle;
    explicit SshKey(std::unique_ptr<Handle> handle, std::string fingerprint);
    std::unique_ptr<Handle> m_handle;
    std::string m_fingerprint;
};

struct SshTarget {
    std::string host;
    std::uint16_t port{}; // config::Source and config::ProviderPush declare the default, 22
    std::string user;
    std::filesystem::path known_hosts;
    std::chrono::seconds connect_timeout{30};
    std::chrono::seconds read_timeout{60}; // also TCP_USER_TIMEOUT on the socket
};

// A connected SSH session (not yet trusted nor authenticated).
class SshSession {
public:
    // Connects (TCP_NODELAY, connect timeout, no ssh config files read). Io on failure.
    static Result<SshSession> connect(const SshTarget& target);
    // Whether `target.known_hosts` holds an entry (plain or hashed) for target.host and
    // target.port, without connecting. ErrorCode::Config when the file cannot be read.
    static Result<bool> has_known_hosts_entry(const SshTarget& target);
    SshSession(SshSession&&) noexcept;
    SshSession& operator=(SshSession&&) noexcept;
    ~SshSession(); // disconnects

    // The server's host key fingerprint, "SHA256:…".
    const std::string& server_fingerprint() const { return m_fingerprint; }
    // OK only when known_hosts holds the offered key for [host]:port; any other
    // answer (unknown, changed, other type, no file) is a Config error showing the
    // offered fingerprint and the known_hosts line to add after checking it.
    Result<void> verify_host_key();
    // Public-key authentication with `key` only. Config error when refused.
    Result<void> authenticate(const SshKey& key);
    int fd() const;
    const std::string& label() const { return m_label; } // "host:port"

private:
    friend class SftpSession;
    struct Handle;
    SshSession(std::unique_ptr<Handle> handle, SshTarget target);
    std::unique_ptr<Handle> m_handle;
    SshTarget m_target;
    std::string m_label;
    std::string m_fingerprint;
};

struct RemoteEntry {
    std::string name;
    std::uint64_t size = 0;
    std::int64_t mtime = 0; // seconds since the epoch
    bool regular = false;
    bool directory = false;
};

// Receives the bytes of a file in order; an error stops the read.
using ReadSink = std::function<Result<void>(std::string_view bytes)>;

// An open remote file (read only).
class SftpFile {
public:
    SftpFile(SftpFile&&) noexcept;
    SftpFile& operator=(SftpFile&&) noexcept;
    ~SftpFile();

    // Reads [offset, end) with `in_flight` requests of `chunk` bytes in flight,
    // handing the bytes to `sink` in order; short answers (OpenSSH sends at most
    // 261,120 bytes) are re-requested. Ticks `watchdog` on each answer. Io when the
    // connection fails or the file ends before `end`.
    Result<void> read(std::uint64_t offset, std::uint64_t end, const ReadSink& sink,
                      ReadWatchdog* watchdog, std::uint32_t chunk = 64 * 1024,
                      std::size_t in_flight = 64);

private:
    friend class SftpSession;
    struct Handle;
    SftpFile(std::unique_ptr<Handle> handle, std::string label);
    std::unique_ptr<Handle> m_handle;
    std::string m_label; // host:port/path, for messages
};

// An open remote file (write only), from SftpSession::open_write. Writes are
// sequential from offset 0.
class SftpWriteFile {
public:
    // OpenSSH's largest write payload (its 256 KiB message limit less 1,024 bytes).
    static constexpr std::uint32_t k_max_chunk = 261120;

    SftpWriteFile(SftpWriteFile&&) noexcept;
    SftpWriteFile& operator=(SftpWriteFile&&) noexcept;
    ~SftpWriteFile(); // closes the handle if close() was not called, ignoring errors

    // Appends `bytes` in requests of at most `chunk` bytes, each awaited (libssh 0.10
    // has no asynchronous write); ticks `watchdog` after each. Io naming the offset
    // when the server refuses a write or acknowledges less than was sent.
    Result<void> write(std::string_view bytes, ReadWatchdog* watchdog,
                       std::uint32_t chunk = k_max_chunk);
    std::uint64_t written() const { return m_written; }
    // The size the server reports for the open file (fstat on the handle).
    Result<std::uint64_t> remote_size();
    // fsync(2) on the server: true when done, false when the server does not offer
    // fsync@openssh.com (the bytes then reach its disk when its kernel decides).
    Result<bool> fsync();
    // Closes the handle: the server reports errors of delayed writes here.
    Result<void> close();

private:
    friend class SftpSession;
    struct Handle;
    SftpWriteFile(std::unique_ptr<Handle> handle, std::string label);
    std::unique_ptr<Handle> m_handle;
    std::string m_label; // host:port:path, for messages
    std::uint64_t m_written = 0;
};

// How SftpSession::replace put a file in place of another.
enum class ReplaceMethod {
    Atomic,           // posix-rename@openssh.com: readers see the old file or the new one
    RemoveThenRename, // the server lacks it: for a moment neither name exists
};

// The SFTP subsystem on an authenticated session.
class SftpSession {
public:
    // `session` must outlive the SftpSession.
    static Result<SftpSession> open(SshSession& session);
    SftpSession(SftpSession&&) noexcept;
    SftpSession& operator=(SftpSession&&) noexcept;
    ~SftpSession();

    Result<std::vector<RemoteEntry>> list(const std::string& dir);
    Result<RemoteEntry> stat(const std::string& path);
    Result<SftpFile> open_read(const std::string& path);

    // --- writing

    // True when the server announced extension `name` in version "1"
    // (fsync@openssh.com, posix-rename@openssh.com).
    bool supports(const std::string& name) const;
    // Like stat, but a path that does not exist is nullopt rather than an error.
    Result<std::optional<RemoteEntry>> find(const std::string& path);
    // Creates `path`, or truncates it, for writing; a new file gets `mode`.
    Result<SftpWriteFile> open_write(const std::string& path, mode_t mode = 0640);
    // Renames `from` to `to`, replacing a file `to` if there is one: atomically with
    // posix-rename@openssh.com when the server offers it, otherwise by removing `to`
    // first. Says which was done. The plain SFTP rename cannot replace a file.
    Result<ReplaceMethod> replace(const std::string& from, const std::string& to);
    // replace's way without posix-rename@openssh.com: removes `to` if it exists, then
    // renames `from` to it.
    Result<void> remove_then_rename(const std::string& from, const std::string& to);
    Result<void> remove(const std::string& path);
    // Folders, for a feed set pushed whole: create one (`mode`), remove an empty one, and
    // rename one to a name that does not exist (the plain SFTP rename).
    Result<void> make_folder(const std::string& path, mode_t mode);
    Result<void> remove_folder(const std::string& path);
    Result<void> rename(const std::string& from, const std::string& to);

private:
    Result<void> posix_rename(const std::string& from, const std::string& to);

    struct Handle;
    SftpSession(std::unique_ptr<Handle> handle, std::string label);
    std::unique_ptr<Handle> m_handle;
    std::string m_label;
};

} // namespace aafd::sync
