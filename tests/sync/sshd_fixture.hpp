// A real OpenSSH sshd for the fetch tests: throwaway host and client keys, listening
// on 127.0.0.1 on a free port, public-key login for the user running the test,
// internal-sftp, serving files from a temporary folder. Also a TCP relay that cuts
// the connection after a number of bytes, to interrupt a download.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <thread>

#include "sync/fetch/fetcher.hpp"
#include "tests/test_support.hpp"

namespace aafd::test {

// ssh-keygen -t ed25519 into `path` (and path.pub).
void make_key(const std::filesystem::path& path);
// "SHA256:…" of a public key file, from ssh-keygen -l.
std::string key_fingerprint(const std::filesystem::path& public_key);
// A free TCP port on 127.0.0.1.
std::uint16_t free_port();

class SshdFixture {
public:
    // Generates the keys and starts sshd; throws when it does not start.
    SshdFixture();
    ~SshdFixture(); // stops sshd
    SshdFixture(const SshdFixture&) = delete;
    SshdFixture& operator=(const SshdFixture&) = delete;

    std::uint16_t port() const { return m_port; }
    std::string user() const;
    const std::filesystem::path& served() const { return m_served; } // the remote folder
    const std::filesystem::path& client_key() const { return m_client_key; }
    const std::filesystem::path& known_hosts() const { return m_known_hosts; } // trusts it
    std::string host_fingerprint() const { return key_fingerprint(m_dir / "host_ed25519.pub"); }
    // The known_hosts line of this server's key for [127.0.0.1]:port.
    std::string known_hosts_line(std::uint16_t port) const;
    const std::filesystem::path& dir() const { return m_dir.path(); }

    // Writes a served file with its mtime `age_seconds` in the past.
    void serve(const std::string& name, const std::string& bytes, int age_seconds = 3600) const;

private:
    TempDir m_dir;
    std::filesystem::path m_served;
    std::filesystem::path m_client_key;
    std::filesystem::path m_known_hosts;
    std::uint16_t m_port = 0;
    pid_t m_pid = -1;
};

// Fetch options for source "poitiers" on this server, into `spool`, one attempt: XML
// files and archives, taken once unchanged for 2 minutes, no size limit in practice.
sync::FetchOptions fetch_options_for(const SshdFixture& sshd, const std::filesystem::path& spool);

// Forwards connections on its own port to 127.0.0.1:target; after `cut_after` bytes
// from the server it closes both sides, or stalls (forwards nothing more, closes
// nothing) until the client gives up. Only the first connection is cut.
class CuttingRelay {
public:
    enum class Cut { Close, Stall };
    CuttingRelay(std::uint16_t target, std::uint64_t cut_after, Cut how = Cut::Close);
    ~CuttingRelay();
    CuttingRelay(const CuttingRelay&) = delete;
    CuttingRelay& operator=(const CuttingRelay&) = delete;
    std::uint16_t port() const { return m_port; }
    bool cut() const { return m_cut.load(); }

private:
    void serve();
    void relay(int client);
    void stall(int client);

    std::uint16_t m_target;
    std::uint64_t m_cut_after;
    Cut m_how;
    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cut{false};
    std::thread m_thread;
};

} // namespace aafd::test
