// The session watchdog thread.
#include "sync/read_watchdog.hpp"

#include <sys/socket.h>

namespace aafd::sync {

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
    std::uint64_t seen = m_progress.load();
    while (!m_stop) {
        if (m_wake.wait_for(lock, m_timeout, [this] { return m_stop; }))
            return;
        std::uint64_t now = m_progress.load();
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
