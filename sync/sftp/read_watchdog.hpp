// A watchdog for a blocking network session (libssh 0.10's sftp_read ignores its timeout):
// after `timeout` without progress (a tick(), or bytes received or acknowledged on the TCP
// socket, so a slow link is not a stalled one) a thread shuts the socket down, the one
// action safe from another thread, which makes the blocked call fail. tick() is thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace aafd::sync {

class ReadWatchdog {
public:
    // Starts watching `fd`. The fd must stay open until the watchdog is destroyed.
    ReadWatchdog(int fd, std::chrono::milliseconds timeout);
    ~ReadWatchdog();
    ReadWatchdog(const ReadWatchdog&) = delete;
    ReadWatchdog& operator=(const ReadWatchdog&) = delete;

    // Records progress (a response arrived).
    void tick() { m_progress.fetch_add(1, std::memory_order_relaxed); }
    // True once the watchdog has shut the socket down.
    bool fired() const { return m_fired.load(); }

private:
    void watch();

    int m_fd;
    std::chrono::milliseconds m_timeout;
    std::atomic<std::uint64_t> m_progress{0};
    std::atomic<bool> m_fired{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace aafd::sync
