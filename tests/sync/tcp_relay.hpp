// A TCP relay for network-fault tests: listens on 127.0.0.1, forwards each connection to
// 127.0.0.1:target on its own thread, and injects the fault planned for that connection
// (by accept order) into the server->client stream: cut (FIN or RST) after exactly N
// bytes, stall (nothing either way for a while), or slow (a few bytes, then a pause).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace aafd::test {

struct RelayFault {
    enum class Kind { None, Close, Reset, Stall, Slow };
    Kind kind = Kind::None;
    std::uint64_t at = 0;              // Close/Reset/Stall: server->client bytes forwarded first
    std::chrono::milliseconds pause{}; // Stall: how long; Slow: the pause after each step
    std::size_t step = 0;              // Slow: bytes forwarded between pauses

    static RelayFault none() { return {}; }
    // Forwards `at` bytes to the client, then closes both sides (FIN).
    static RelayFault close_at(std::uint64_t at) { return {Kind::Close, at, {}, 0}; }
    // Forwards `at` bytes to the client, then resets both sides (RST).
    static RelayFault reset_at(std::uint64_t at) { return {Kind::Reset, at, {}, 0}; }
    // Forwards `at` bytes, then nothing in either direction for `pause`, then resumes.
    static RelayFault stall_at(std::uint64_t at, std::chrono::milliseconds pause) {
        return {Kind::Stall, at, pause, 0};
    }
    // Forwards the server's bytes `step` at a time, pausing `pause` after each step.
    static RelayFault slow(std::size_t step, std::chrono::milliseconds pause) {
        return {Kind::Slow, 0, pause, step};
    }
};

class TcpRelay {
public:
    // Connection i (in accept order) suffers `plan[i]`, later ones `after`.
    // Throws when it cannot listen.
    TcpRelay(std::uint16_t target, std::vector<RelayFault> plan,
             RelayFault after = RelayFault::none());
    ~TcpRelay(); // stops forwarding, closes every connection, joins the threads
    TcpRelay(const TcpRelay&) = delete;
    TcpRelay& operator=(const TcpRelay&) = delete;

    std::uint16_t port() const { return m_port; }
    // Connections accepted so far.
    std::size_t connections() const;
    // Server->client bytes forwarded on connection i so far.
    std::uint64_t forwarded(std::size_t connection) const;
    // True once connection i's fault was injected (cut made, stall begun, one slow step).
    bool faulted(std::size_t connection) const;

private:
    struct Link {
        std::atomic<std::uint64_t> forwarded{0};
        std::atomic<bool> faulted{false};
    };
    void accept_loop();
    void serve(int client, RelayFault fault, Link& link);
    bool pump(int from, int to, RelayFault& fault, Link& link);
    void pause_for(std::chrono::milliseconds pause) const;

    std::uint16_t m_target;
    std::vector<RelayFault> m_plan;
    RelayFault m_after;
    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<Link>> m_links;
    std::vector<std::thread> m_workers;
    std::thread m_acceptor;
};

} // namespace aafd::test
