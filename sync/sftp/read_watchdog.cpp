// The session watchdog thread.
#include "sync/sftp/read_watchdog.hpp"

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace aafd::sync {
namespace {

// Bytes the kernel has received and had acknowledged on a TCP socket: they move as
// long as the link moves, even while a large SFTP answer is still arriving. 0 when
// `fd` is not a TCP socket.
std::uint64_t socket_traffic(int fd) {
    tcp_info info{};
    socklen_t length = sizeof info;
    if (fd < 0 || ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0 ||
        length < sizeof info)
        return 0;
    return info.tcpi_bytes_received + info.tcpi_bytes_acked;
}

} // namespace

ReadWatchdog::ReadWatchdog(int fd, std::chrono::milliseconds timeout)
    : m_fd(fd), m_timeout(timeout), m_thread([this] { watch(); }) {}

ReadWatchdog::~ReadWatchdog() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void ReadWatchdog::watch() {
    std::unique_lock lock(m_mutex);
    auto progress = [this] { return m_progress.load() + socket_traffic(m_fd); };
    std::uint64_t seen = progress();
    while (!m_stop) {
        if (m_wake.wait_for(lock, m_timeout, [this] { return m_stop; }))
            return;
        std::uint64_t now = progress();
        if (now == seen && m_fd >= 0) {
            // Flag first: the reader wakes up as soon as the socket is cut and asks why.
            m_fired = true;
            ::shutdown(m_fd, SHUT_RDWR);
            return;
        }
        seen = now;
    }
}

} // namespace aafd::sync
