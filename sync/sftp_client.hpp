// Move-only owners of libssh's handles (ssh_session, sftp_session, sftp_file, the
// client's private key): the one place in aafd that calls the raw libssh API.
// Host keys are checked strictly against one known_hosts file; authentication is by
// public key only; reads are pipelined. None of these types may be used from two
// threads (a ReadWatchdog may shut the socket down from another).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sync/read_watchdog.hpp"
#include "util/error.hpp"

namespace aafd::sync {

// Refuses a private key file that is missing or readable by group or others
// (ErrorCode::Config, the message names the file and `chmod 600`).
Result<void> check_private_key_file(const std::filesystem::path& path);

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
    std::uint16_t port = 22;
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

// The SFTP subsystem on an authenticated session, used read-only.
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

private:
    struct Handle;
    SftpSession(std::unique_ptr<Handle> handle, std::string label);
    std::unique_ptr<Handle> m_handle;
    std::string m_label;
};

} // namespace aafd::sync
