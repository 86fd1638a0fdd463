// The fault-injecting TCP relay: one thread accepts, one thread per connection
// forwards with poll(2) and injects that connection's fault.
#include "tests/sync/tcp_relay.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace aafd::test {
namespace {

constexpr std::size_t k_buffer = 64 * 1024;

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

int connect_loopback(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    auto address = loopback(port);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0)
        return fd;
    if (fd >= 0)
        ::close(fd);
    return -1;
}

bool send_all(int fd, const char* bytes, std::size_t size) {
    while (size > 0) {
        ssize_t sent = ::send(fd, bytes, size, MSG_NOSIGNAL);
        if (sent <= 0)
            return false;
        bytes += sent;
        size -= static_cast<std::size_t>(sent);
    }
    return true;
}

// Closes a socket so that the peer gets a RST instead of a FIN.
void reset(int fd) {
    linger abort{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    ::close(fd);
}

bool cuts(const RelayFault& fault) {
    return fault.kind == RelayFault::Kind::Close || fault.kind == RelayFault::Kind::Reset ||
           fault.kind == RelayFault::Kind::Stall;
}

} // namespace

TcpRelay::TcpRelay(std::uint16_t target, std::vector<RelayFault> plan, RelayFault after)
    : m_target(target), m_plan(std::move(plan)), m_after(after) {
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    auto address = loopback(0);
    if (m_listener < 0 ||
        ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(m_listener, 16) != 0)
        throw std::runtime_error("relay: cannot listen on 127.0.0.1");
    socklen_t length = sizeof address;
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_acceptor = std::thread([this] { accept_loop(); });
}

TcpRelay::~TcpRelay() {
    m_stop = true;
    m_acceptor.join();
    for (auto& worker : m_workers)
        worker.join();
    ::close(m_listener);
}

std::size_t TcpRelay::connections() const {
    std::lock_guard lock(m_mutex);
    return m_links.size();
}

std::uint64_t TcpRelay::forwarded(std::size_t connection) const {
    std::lock_guard lock(m_mutex);
    return connection < m_links.size() ? m_links[connection]->forwarded.load() : 0;
}

bool TcpRelay::faulted(std::size_t connection) const {
    std::lock_guard lock(m_mutex);
    return connection < m_links.size() && m_links[connection]->faulted.load();
}

void TcpRelay::accept_loop() {
    while (!m_stop) {
        pollfd wait{m_listener, POLLIN, 0};
        if (::poll(&wait, 1, 20) <= 0)
            continue;
        int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        std::lock_guard lock(m_mutex);
        std::size_t index = m_links.size();
        RelayFault fault = index < m_plan.size() ? m_plan[index] : m_after;
        m_links.push_back(std::make_unique<Link>());
        Link& link = *m_links.back();
        m_workers.emplace_back([this, client, fault, &link] { serve(client, fault, link); });
    }
}

void TcpRelay::pause_for(std::chrono::milliseconds pause) const {
    auto until = std::chrono::steady_clock::now() + pause;
    while (!m_stop && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

// Forwards one read of server bytes to the client, injecting the fault. False when
// the connection is over (closed by a peer, or cut).
bool TcpRelay::pump(int from, int to, RelayFault& fault, Link& link) {
    std::size_t want = k_buffer;
    if (fault.kind == RelayFault::Kind::Slow)
        want = std::max<std::size_t>(fault.step, 1);
    else if (cuts(fault) && !link.faulted)
        want = static_cast<std::size_t>(std::min<std::uint64_t>(want, fault.at - link.forwarded));
    char buffer[k_buffer];
    ssize_t got = ::read(from, buffer, want);
    if (got <= 0 || !send_all(to, buffer, static_cast<std::size_t>(got)))
        return false;
    link.forwarded += static_cast<std::uint64_t>(got);
    if (fault.kind == RelayFault::Kind::Slow) {
        link.faulted = true;
        pause_for(fault.pause);
    }
    return true;
}

void TcpRelay::serve(int client, RelayFault fault, Link& link) {
    int server = connect_loopback(m_target);
    char buffer[k_buffer];
    bool open = server >= 0;
    while (open && !m_stop) {
        if (cuts(fault) && !link.faulted && link.forwarded >= fault.at) {
            link.faulted = true;
            if (fault.kind != RelayFault::Kind::Stall)
                break;
            pause_for(fault.pause);
        }
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (::poll(fds, 2, 20) <= 0)
            continue;
        if (fds[0].revents) {
            ssize_t got = ::read(client, buffer, sizeof buffer);
            open = got > 0 && send_all(server, buffer, static_cast<std::size_t>(got));
        }
        if (open && fds[1].revents)
            open = pump(server, client, fault, link);
    }
    if (fault.kind == RelayFault::Kind::Reset && link.faulted) {
        reset(client);
        reset(server);
        return;
    }
    ::close(client);
    if (server >= 0)
        ::close(server);
}

} // namespace aafd::test
