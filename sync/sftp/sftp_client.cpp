// libssh behind move-only owners: options, host key check, public-key
// authentication, listing, stat and pipelined reads; writing, fsync, replacing
// renames and removal (in their own section at the end).
#include "sync/sftp/sftp_client.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <utility>

#include <libssh/libssh.h>
#include <libssh/sftp.h>

namespace aafd::sync {
namespace {

// AES-GCM first: with AES-NI it is the fastest cipher libssh has (its
// chacha20-poly1305 is the default otherwise). All are authenticated or CTR+MAC.
constexpr const char* k_ciphers = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,"
                                  "chacha20-poly1305@openssh.com,aes256-ctr,aes128-ctr";

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

std::string sha256_fingerprint(ssh_key key) {
    unsigned char* hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
        return "SHA256:?";
    char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    ssh_clean_pubkey_hash(&hash);
    std::string fingerprint = text ? text : "SHA256:?";
    ssh_string_free_char(text);
    return fingerprint;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

} // namespace

Result<void> check_private_key_file(const std::filesystem::path& path) {
    return check_secret_file(path, "private key");
}

Result<void> check_secret_file(const std::filesystem::path& path, const std::string& what) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        return fail(ErrorCode::Config, what + " " + path.string() + ": " + std::strerror(errno));
    if ((info.st_mode & 077) != 0)
        return fail(ErrorCode::Config,
                    what + " " + path.string() + " is readable by group or others (mode " +
                        octal_mode(info.st_mode) + "): run chmod 600 " + path.string());
    return {};
}

// --- SshKey

struct SshKey::Handle {
    ssh_key key = nullptr;
    ~Handle() { ssh_key_free(key); }
};

SshKey::SshKey(std::unique_ptr<Handle> handle, std::string fingerprint)
    : m_handle(std::move(handle)), m_fingerprint(std::move(fingerprint)) {}
SshKey::SshKey(SshKey&&) noexcept = default;
SshKey& SshKey::operator=(SshKey&&) noexcept = default;
SshKey::~SshKey() = default;

Result<SshKey> SshKey::load(const std::filesystem::path& path) {
    if (auto mode = check_private_key_file(path); !mode)
        return std::unexpected(mode.error());
    auto handle = std::make_unique<Handle>();
    if (ssh_pki_import_privkey_file(path.c_str(), nullptr, nullptr, nullptr, &handle->key) !=
        SSH_OK)
        return fail(ErrorCode::Config, "private key " + path.string() +
                                           ": cannot be read (not a private key, or protected "
                                           "by a passphrase)");
    std::string fingerprint = sha256_fingerprint(handle->key);
    return SshKey(std::move(handle), std::move(fingerprint));
}

// --- SshSession

struct SshSession::Handle {
    ssh_session session = nullptr;
    ~Handle() {
        if (!session)
            return;
        if (ssh_is_connected(session))
            ssh_disconnect(session);
        ssh_free(session);
    }
};

SshSession::SshSession(std::unique_ptr<Handle> handle, SshTarget target)
    : m_handle(std::move(handle)), m_target(std::move(target)),
      m_label(m_target.host + ":" + std::to_string(m_target.port)) {}
SshSession::SshSession(SshSession&&) noexcept = default;
SshSession& SshSession::operator=(SshSession&&) noexcept = default;
SshSession::~SshSession() = default;

namespace {

bool set_options(ssh_session session, const SshTarget& target) {
    unsigned int port = target.port;
    long timeout = static_cast<long>(target.connect_timeout.count());
    int nodelay = 1;
    bool process_config = false;
    std::string known_hosts = target.known_hosts.string();
    return ssh_options_set(session, SSH_OPTIONS_HOST, target.host.c_str()) == SSH_OK &&
           ssh_options_set(session, SSH_OPTIONS_PORT, &port) == SSH_OK &&
           ssh_options_set(session, SSH_OPTIONS_USER, target.user.c_str()) == SSH_OK &&
           ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &process_config) == SSH_OK &&
           ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, known_hosts.c_str()) == SSH_OK &&
           ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") == SSH_OK &&
           ssh_options_set(session, SSH_OPTIONS_NODELAY, &nodelay) == SSH_OK &&
           ssh_options_set(session, SSH_OPTIONS_CIPHERS_S_C, k_ciphers) == SSH_OK &&
           ssh_options_set(session, SSH_OPTIONS_CIPHERS_C_S, k_ciphers) == SSH_OK &&
           ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout) == SSH_OK;
}

void set_socket_timeouts(int fd, std::chrono::seconds read_timeout) {
    int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    unsigned int user_timeout = static_cast<unsigned int>(read_timeout.count() * 1000);
    ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout, sizeof user_timeout);
}

} // namespace

Result<SshSession> SshSession::connect(const SshTarget& target) {
    auto handle = std::make_unique<Handle>();
    handle->session = ssh_new();
    std::string label = target.host + ":" + std::to_string(target.port);
    if (!handle->session)
        return fail(ErrorCode::Internal, "cannot create an SSH session");
    if (!set_options(handle->session, target))
        return fail(ErrorCode::Config,
                    "SSH options for " + label + ": " + ssh_get_error(handle->session));
    if (ssh_connect(handle->session) != SSH_OK)
        return fail(ErrorCode::Io,
                    "cannot connect to " + label + ": " + ssh_get_error(handle->session));
    set_socket_timeouts(ssh_get_fd(handle->session), target.read_timeout);
    SshSession session(std::move(handle), target);
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(session.m_handle->session, &key) == SSH_OK) {
        session.m_fingerprint = sha256_fingerprint(key);
        ssh_key_free(key);
    }
    return session;
}

Result<bool> SshSession::has_known_hosts_entry(const SshTarget& target) {
    Handle handle;
    handle.session = ssh_new();
    std::string label = target.host + ":" + std::to_string(target.port);
    if (!handle.session)
        return fail(ErrorCode::Internal, "cannot create an SSH session");
    if (!set_options(handle.session, target))
        return fail(ErrorCode::Config,
                    "SSH options for " + label + ": " + ssh_get_error(handle.session));
    switch (ssh_session_has_known_hosts_entry(handle.session)) {
    case SSH_KNOWN_HOSTS_OK:
        return true;
    case SSH_KNOWN_HOSTS_UNKNOWN:
        return false;
    default:
        return fail(ErrorCode::Config, target.known_hosts.string() + ": cannot be read");
    }
}

int SshSession::fd() const { return ssh_get_fd(m_handle->session); }

Result<void> SshSession::verify_host_key() {
    auto state = ssh_session_is_known_server(m_handle->session);
    if (state == SSH_KNOWN_HOSTS_OK)
        return {};
    char* entry = nullptr;
    std::string line = "[" + m_target.host + "]:" + std::to_string(m_target.port) + " <key>";
    if (ssh_session_export_known_hosts_entry(m_handle->session, &entry) == SSH_OK) {
        line = trimmed(entry);
        ssh_string_free_char(entry);
    }
    std::string file = m_target.known_hosts.string();
    std::string why =
        state == SSH_KNOWN_HOSTS_CHANGED
            ? "has CHANGED: it does not match the key recorded in " + file +
                  " (someone may be intercepting the connection)"
        : state == SSH_KNOWN_HOSTS_OTHER ? "is of another type than the one recorded in " + file
        : state == SSH_KNOWN_HOSTS_ERROR
            ? "cannot be checked against " + file + ": " + ssh_get_error(m_handle->session)
            : "is not in " + file;
    return fail(ErrorCode::Config, "host key of " + m_label + " refused: the key it offers (" +
                                       m_fingerprint + ") " + why +
                                       ". After checking this fingerprint with the server's "
                                       "administrators, accept it by adding this line to " +
                                       file + ": " + line + " (e.g. ssh-keyscan -p " +
                                       std::to_string(m_target.port) + " " + m_target.host + ")");
}

Result<void> SshSession::authenticate(const SshKey& key) {
    int answer = ssh_userauth_publickey(m_handle->session, nullptr, key.m_handle->key);
    if (answer == SSH_AUTH_SUCCESS)
        return {};
    if (answer == SSH_AUTH_ERROR)
        return fail(ErrorCode::Io, "authentication to " + m_label +
                                       " failed: " + ssh_get_error(m_handle->session));
    return fail(ErrorCode::Config, "authentication to " + m_label + " as " + m_target.user +
                                       " refused for key " + key.fingerprint() +
                                       " (is its public key in the account's "
                                       "authorized_keys?)");
}

// --- SftpSession

struct SftpSession::Handle {
    sftp_session sftp = nullptr;
    ssh_session session = nullptr;
    ~Handle() { sftp_free(sftp); }
};

SftpSession::SftpSession(std::unique_ptr<Handle> handle, std::string label)
    : m_handle(std::move(handle)), m_label(std::move(label)) {}
SftpSession::SftpSession(SftpSession&&) noexcept = default;
SftpSession& SftpSession::operator=(SftpSession&&) noexcept = default;
SftpSession::~SftpSession() = default;

Result<SftpSession> SftpSession::open(SshSession& session) {
    auto handle = std::make_unique<Handle>();
    handle->session = session.m_handle->session;
    handle->sftp = sftp_new(handle->session);
    if (!handle->sftp || sftp_init(handle->sftp) != SSH_OK)
        return fail(ErrorCode::Io, "cannot start SFTP on " + session.label() + ": " +
                                       ssh_get_error(handle->session));
    return SftpSession(std::move(handle), session.label());
}

namespace {

RemoteEntry to_entry(sftp_attributes attributes, std::string name) {
    RemoteEntry entry;
    entry.name = std::move(name);
    entry.size = attributes->size;
    entry.mtime = attributes->mtime64 ? static_cast<std::int64_t>(attributes->mtime64)
                                      : static_cast<std::int64_t>(attributes->mtime);
    entry.regular = attributes->type == SSH_FILEXFER_TYPE_REGULAR;
    entry.directory = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
    return entry;
}

std::string sftp_error(ssh_session session, sftp_session sftp) {
    return std::string(ssh_get_error(session)) + " (SFTP status " +
           std::to_string(sftp_get_error(sftp)) + ")";
}

} // namespace

Result<std::vector<RemoteEntry>> SftpSession::list(const std::string& dir) {
    sftp_dir handle = sftp_opendir(m_handle->sftp, dir.c_str());
    if (!handle)
        return fail(ErrorCode::Io, "cannot list " + m_label + ":" + dir + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    std::vector<RemoteEntry> entries;
    while (sftp_attributes attributes = sftp_readdir(m_handle->sftp, handle)) {
        entries.push_back(to_entry(attributes, attributes->name ? attributes->name : ""));
        sftp_attributes_free(attributes);
    }
    bool complete = sftp_dir_eof(handle);
    sftp_closedir(handle);
    if (!complete)
        return fail(ErrorCode::Io, "listing " + m_label + ":" + dir + " broke off: " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    return entries;
}

Result<RemoteEntry> SftpSession::stat(const std::string& path) {
    sftp_attributes attributes = sftp_stat(m_handle->sftp, path.c_str());
    if (!attributes)
        return fail(ErrorCode::Io, "cannot stat " + m_label + ":" + path + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    RemoteEntry entry = to_entry(attributes, path);
    sftp_attributes_free(attributes);
    return entry;
}

// --- SftpFile

struct SftpFile::Handle {
    sftp_file file = nullptr;
    ssh_session session = nullptr;
    ~Handle() {
        if (file)
            sftp_close(file);
    }
};

SftpFile::SftpFile(std::unique_ptr<Handle> handle, std::string label)
    : m_handle(std::move(handle)), m_label(std::move(label)) {}
SftpFile::SftpFile(SftpFile&&) noexcept = default;
SftpFile& SftpFile::operator=(SftpFile&&) noexcept = default;
SftpFile::~SftpFile() = default;

Result<SftpFile> SftpSession::open_read(const std::string& path) {
    auto handle = std::make_unique<SftpFile::Handle>();
    handle->session = m_handle->session;
    handle->file = sftp_open(m_handle->sftp, path.c_str(), O_RDONLY, 0);
    if (!handle->file)
        return fail(ErrorCode::Io, "cannot open " + m_label + ":" + path + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    return SftpFile(std::move(handle), m_label + ":" + path);
}

namespace {

struct ReadRequest {
    std::uint32_t id;
    std::uint64_t offset;
    std::uint32_t length;
};

} // namespace

Result<void> SftpFile::read(std::uint64_t offset, std::uint64_t end, const ReadSink& sink,
                            ReadWatchdog* watchdog, std::uint32_t chunk, std::size_t in_flight) {
    chunk = std::max<std::uint32_t>(chunk, 1);
    in_flight = std::max<std::size_t>(in_flight, 1);
    // Answers are awaited in the order the requests were sent (libssh 0.10 stalls
    // when an answer is taken out of its queue out of order); the request for the
    // rest of a short answer goes to the back, and answers that arrive ahead of it
    // wait in `ahead` so the sink still sees the bytes in order.
    std::deque<ReadRequest> queue;
    std::map<std::uint64_t, std::string> ahead;
    std::vector<char> buffer(chunk);
    std::uint64_t next = offset;      // next offset to request
    std::uint64_t delivered = offset; // bytes before this went to the sink
    auto request = [&](std::uint64_t at, std::uint32_t length) -> Result<void> {
        sftp_seek64(m_handle->file, at);
        int id = sftp_async_read_begin(m_handle->file, length);
        if (id < 0)
            return fail(ErrorCode::Io,
                        "reading " + m_label + " failed: " + ssh_get_error(m_handle->session));
        queue.push_back(ReadRequest{static_cast<std::uint32_t>(id), at, length});
        return {};
    };
    auto deliver = [&](std::uint64_t at, std::string_view bytes) -> Result<void> {
        if (at != delivered) {
            ahead.emplace(at, std::string(bytes));
            return {};
        }
        if (auto taken = sink(bytes); !taken)
            return taken;
        delivered += bytes.size();
        for (auto first = ahead.begin(); first != ahead.end() && first->first == delivered;
             first = ahead.erase(first)) {
            if (auto taken = sink(first->second); !taken)
                return taken;
            delivered += first->second.size();
        }
        return {};
    };
    while (true) {
        while (queue.size() < in_flight && next < end) {
            auto length = static_cast<std::uint32_t>(std::min<std::uint64_t>(chunk, end - next));
            if (auto sent = request(next, length); !sent)
                return sent;
            next += length;
        }
        if (queue.empty())
            break;
        ReadRequest current = queue.front();
        queue.pop_front();
        int got = sftp_async_read(m_handle->file, buffer.data(), current.length, current.id);
        if (got < 0)
            return fail(ErrorCode::Io, "reading " + m_label + " at offset " +
                                           std::to_string(current.offset) +
                                           " failed: " + ssh_get_error(m_handle->session));
        if (got == 0)
            return fail(ErrorCode::Io, m_label + " ended at " + std::to_string(current.offset) +
                                           " bytes, before the expected " + std::to_string(end));
        if (watchdog)
            watchdog->tick();
        auto received = static_cast<std::uint32_t>(got);
        if (auto taken = deliver(current.offset, {buffer.data(), received}); !taken)
            return taken;
        if (received < current.length)
            if (auto rest = request(current.offset + received, current.length - received); !rest)
                return rest;
    }
    return {};
}

// --- Writing

struct SftpWriteFile::Handle {
    sftp_file file = nullptr;
    sftp_session sftp = nullptr;
    ssh_session session = nullptr;
    ~Handle() {
        if (file)
            sftp_close(file);
    }
};

SftpWriteFile::SftpWriteFile(std::unique_ptr<Handle> handle, std::string label)
    : m_handle(std::move(handle)), m_label(std::move(label)) {}
SftpWriteFile::SftpWriteFile(SftpWriteFile&&) noexcept = default;
SftpWriteFile& SftpWriteFile::operator=(SftpWriteFile&&) noexcept = default;
SftpWriteFile::~SftpWriteFile() = default;

Result<void> SftpWriteFile::write(std::string_view bytes, ReadWatchdog* watchdog,
                                  std::uint32_t chunk) {
    chunk = std::clamp<std::uint32_t>(chunk, 1, k_max_chunk);
    while (!bytes.empty()) {
        std::size_t length = std::min<std::size_t>(chunk, bytes.size());
        ssize_t sent = sftp_write(m_handle->file, bytes.data(), length);
        if (sent < 0)
            return fail(ErrorCode::Io,
                        "writing " + m_label + " at offset " + std::to_string(m_written) +
                            " failed: " + sftp_error(m_handle->session, m_handle->sftp));
        if (static_cast<std::size_t>(sent) != length)
            return fail(ErrorCode::Io, "writing " + m_label + " at offset " +
                                           std::to_string(m_written) + ": the server took " +
                                           std::to_string(sent) + " of " + std::to_string(length) +
                                           " bytes");
        if (watchdog)
            watchdog->tick();
        m_written += length;
        bytes.remove_prefix(length);
    }
    return {};
}

Result<std::uint64_t> SftpWriteFile::remote_size() {
    sftp_attributes attributes = sftp_fstat(m_handle->file);
    if (!attributes)
        return fail(ErrorCode::Io, "cannot stat " + m_label + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    std::uint64_t size = attributes->size;
    sftp_attributes_free(attributes);
    return size;
}

Result<bool> SftpWriteFile::fsync() {
    if (sftp_extension_supported(m_handle->sftp, "fsync@openssh.com", "1") != 1)
        return false;
    if (sftp_fsync(m_handle->file) != 0)
        return fail(ErrorCode::Io, "fsync of " + m_label +
                                       " failed: " + sftp_error(m_handle->session, m_handle->sftp));
    return true;
}

Result<void> SftpWriteFile::close() {
    sftp_file file = std::exchange(m_handle->file, nullptr);
    if (sftp_close(file) != SSH_NO_ERROR)
        return fail(ErrorCode::Io, "closing " + m_label +
                                       " failed: " + sftp_error(m_handle->session, m_handle->sftp));
    return {};
}

bool SftpSession::supports(const std::string& name) const {
    return sftp_extension_supported(m_handle->sftp, name.c_str(), "1") == 1;
}

Result<std::optional<RemoteEntry>> SftpSession::find(const std::string& path) {
    sftp_attributes attributes = sftp_stat(m_handle->sftp, path.c_str());
    if (!attributes && sftp_get_error(m_handle->sftp) == SSH_FX_NO_SUCH_FILE)
        return std::nullopt;
    if (!attributes)
        return fail(ErrorCode::Io, "cannot stat " + m_label + ":" + path + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    RemoteEntry entry = to_entry(attributes, path);
    sftp_attributes_free(attributes);
    return entry;
}

Result<SftpWriteFile> SftpSession::open_write(const std::string& path, mode_t mode) {
    auto handle = std::make_unique<SftpWriteFile::Handle>();
    handle->sftp = m_handle->sftp;
    handle->session = m_handle->session;
    handle->file = sftp_open(m_handle->sftp, path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (!handle->file)
        return fail(ErrorCode::Io, "cannot open " + m_label + ":" + path + " for writing: " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    return SftpWriteFile(std::move(handle), m_label + ":" + path);
}

Result<void> SftpSession::remove(const std::string& path) {
    if (sftp_unlink(m_handle->sftp, path.c_str()) != 0)
        return fail(ErrorCode::Io, "cannot remove " + m_label + ":" + path + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    return {};
}

Result<void> SftpSession::make_folder(const std::string& path, mode_t mode) {
    if (sftp_mkdir(m_handle->sftp, path.c_str(), mode) != 0)
        return fail(ErrorCode::Io, "cannot create the folder " + m_label + ":" + path + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    return {};
}

Result<void> SftpSession::remove_folder(const std::string& path) {
    if (sftp_rmdir(m_handle->sftp, path.c_str()) != 0)
        return fail(ErrorCode::Io, "cannot remove the folder " + m_label + ":" + path + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    return {};
}

Result<void> SftpSession::rename(const std::string& from, const std::string& to) {
    if (sftp_rename(m_handle->sftp, from.c_str(), to.c_str()) != 0)
        return fail(ErrorCode::Io, "cannot rename " + m_label + ":" + from + " to " + to + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    return {};
}

Result<ReplaceMethod> SftpSession::replace(const std::string& from, const std::string& to) {
    if (supports("posix-rename@openssh.com")) {
        if (auto renamed = posix_rename(from, to); !renamed)
            return std::unexpected(renamed.error());
        return ReplaceMethod::Atomic;
    }
    if (auto renamed = remove_then_rename(from, to); !renamed)
        return std::unexpected(renamed.error());
    return ReplaceMethod::RemoveThenRename;
}

Result<void> SftpSession::remove_then_rename(const std::string& from, const std::string& to) {
    if (sftp_unlink(m_handle->sftp, to.c_str()) != 0 &&
        sftp_get_error(m_handle->sftp) != SSH_FX_NO_SUCH_FILE)
        return fail(ErrorCode::Io, "cannot remove " + m_label + ":" + to + " to replace it: " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    if (sftp_rename(m_handle->sftp, from.c_str(), to.c_str()) != 0)
        return fail(ErrorCode::Io, "cannot rename " + m_label + ":" + from + " to " + to + ": " +
                                       sftp_error(m_handle->session, m_handle->sftp));
    return {};
}

namespace {

void put_u32(std::string& packet, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
        packet.push_back(static_cast<char>((value >> shift) & 0xff));
}

void put_string(std::string& packet, std::string_view text) {
    put_u32(packet, static_cast<std::uint32_t>(text.size()));
    packet.append(text);
}

std::uint32_t get_u32(std::string_view bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i)
        value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    return value;
}

// Reads exactly `size` bytes from the channel; false on end of file, error or timeout.
bool read_exact(ssh_channel channel, std::string& into, std::size_t size) {
    into.resize(size);
    for (std::size_t done = 0; done < size;) {
        int got = ssh_channel_read(channel, into.data() + done,
                                   static_cast<std::uint32_t>(size - done), 0);
        if (got <= 0)
            return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

// The text of an SSH_FXP_STATUS answer's message, or "" when it has none.
std::string status_message(std::string_view payload) {
    constexpr std::size_t k_message_at = 1 + 4 + 4; // type, id, status code
    if (payload.size() < k_message_at + 4)
        return "";
    std::size_t length = get_u32(payload, k_message_at);
    return std::string(payload.substr(k_message_at + 4, length));
}

} // namespace

// libssh 0.10 has no call for posix-rename@openssh.com (0.11's sftp_rename uses it),
// so the request is written on the SFTP channel and its answer read from it here.
// Safe because every other call in this file awaits its own answer: nothing else
// is in flight, and libssh's reader never reads ahead of the packet it asked for.
Result<void> SftpSession::posix_rename(const std::string& from, const std::string& to) {
    constexpr std::uint32_t k_max_answer = 64 * 1024;
    std::string what = "cannot rename " + m_label + ":" + from + " to " + to + ": ";
    std::uint32_t id = ++m_handle->sftp->id_counter;
    std::string body(1, static_cast<char>(SSH_FXP_EXTENDED));
    put_u32(body, id);
    put_string(body, "posix-rename@openssh.com");
    put_string(body, from);
    put_string(body, to);
    std::string packet;
    put_string(packet, body);
    ssh_channel channel = m_handle->sftp->channel;
    if (ssh_channel_write(channel, packet.data(), static_cast<std::uint32_t>(packet.size())) !=
        static_cast<int>(packet.size()))
        return fail(ErrorCode::Io, what + ssh_get_error(m_handle->session));
    std::string header, payload;
    if (!read_exact(channel, header, 4))
        return fail(ErrorCode::Io, what + "no answer: " + ssh_get_error(m_handle->session));
    std::uint32_t length = get_u32(header, 0);
    if (length < 1 + 4 + 4 || length > k_max_answer || !read_exact(channel, payload, length))
        return fail(ErrorCode::Io, what + "malformed or missing answer (" + std::to_string(length) +
                                       " bytes announced)");
    if (static_cast<unsigned char>(payload[0]) != SSH_FXP_STATUS || get_u32(payload, 1) != id)
        return fail(ErrorCode::Io, what + "unexpected answer of type " +
                                       std::to_string(static_cast<unsigned char>(payload[0])));
    std::uint32_t status = get_u32(payload, 5);
    if (status != SSH_FX_OK)
        return fail(ErrorCode::Io, what + "SFTP server: " + status_message(payload) +
                                       " (SFTP status " + std::to_string(status) + ")");
    return {};
}

} // namespace aafd::sync
