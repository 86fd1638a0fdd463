// The sshd fixture and the cutting relay.
#include "tests/sync/sshd_fixture.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace aafd::test {
namespace {

std::string run_output(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot run " + command);
    std::string output;
    char buffer[4096];
    while (std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, got);
    if (::pclose(pipe) != 0)
        throw std::runtime_error("failed: " + command);
    return output;
}

std::string first_two_fields(const std::string& line) {
    std::istringstream in(line);
    std::string type, key;
    in >> type >> key;
    return type + " " + key;
}

void set_mtime(const std::filesystem::path& path, int age_seconds) {
    auto when = std::chrono::system_clock::now() - std::chrono::seconds(age_seconds);
    struct timespec times[2];
    auto seconds = std::chrono::system_clock::to_time_t(when);
    times[0] = {seconds, 0};
    times[1] = {seconds, 0};
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

int listen_loopback(std::uint16_t& port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    auto address = loopback(0);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd, 8) != 0)
        throw std::runtime_error("cannot listen on 127.0.0.1");
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    return fd;
}

} // namespace

void make_key(const std::filesystem::path& path) {
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + ".pub");
    run_output("ssh-keygen -q -t ed25519 -N '' -C aafd-test -f '" + path.string() + "'");
}

std::string key_fingerprint(const std::filesystem::path& public_key) {
    std::istringstream in(run_output("ssh-keygen -l -E sha256 -f '" + public_key.string() + "'"));
    std::string bits, fingerprint;
    in >> bits >> fingerprint;
    return fingerprint;
}

std::uint16_t free_port() {
    std::uint16_t port = 0;
    ::close(listen_loopback(port));
    return port;
}

SshdFixture::SshdFixture() {
    const auto& d = m_dir.path();
    m_served = d / "served";
    std::filesystem::create_directories(m_served);
    m_client_key = d / "client_ed25519";
    m_known_hosts = d / "known_hosts";
    make_key(d / "host_ed25519");
    make_key(m_client_key);
    std::filesystem::copy_file(d / "client_ed25519.pub", d / "authorized_keys");
    if (::geteuid() == 0)
        ::mkdir("/run/sshd", 0755);
    m_port = free_port();
    write_file(d / "sshd_config", "ListenAddress 127.0.0.1\nPort " + std::to_string(m_port) +
                                      "\nHostKey " + (d / "host_ed25519").string() + "\nPidFile " +
                                      (d / "sshd.pid").string() + "\nAuthorizedKeysFile " +
                                      (d / "authorized_keys").string() +
                                      "\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
                                      "KbdInteractiveAuthentication no\nAllowUsers " +
                                      user() + "\nSubsystem sftp internal-sftp\n");
    write_file(m_known_hosts, known_hosts_line(m_port) + "\n");
    ::signal(SIGPIPE, SIG_IGN);
    auto log = (d / "sshd.log").string();
    auto config = (d / "sshd_config").string();
    m_pid = ::fork();
    if (m_pid == 0) {
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, 2);
        ::execl("/usr/sbin/sshd", "/usr/sbin/sshd", "-D", "-e", "-f", config.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    for (int i = 0; i < 1000; ++i) {
        if (std::filesystem::exists(log) &&
            read_file(log).find("Server listening") != std::string::npos)
            return;
        if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("sshd did not start: " + read_file(log));
        }
        ::usleep(10'000);
    }
    throw std::runtime_error("sshd did not start in 10 s: " + read_file(log));
}

SshdFixture::~SshdFixture() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        ::waitpid(m_pid, nullptr, 0);
    }
}

std::string SshdFixture::user() const {
    const passwd* entry = ::getpwuid(::getuid());
    return entry ? entry->pw_name : "root";
}

std::string SshdFixture::known_hosts_line(std::uint16_t port) const {
    return "[127.0.0.1]:" + std::to_string(port) + " " +
           first_two_fields(read_file(m_dir.path() / "host_ed25519.pub"));
}

void SshdFixture::serve(const std::string& name, const std::string& bytes, int age_seconds) const {
    write_file(m_served / name, bytes);
    set_mtime(m_served / name, age_seconds);
}

CuttingRelay::CuttingRelay(std::uint16_t target, std::uint64_t cut_after, Cut how)
    : m_target(target), m_cut_after(cut_after), m_how(how) {
    m_listener = listen_loopback(m_port);
    m_thread = std::thread([this] { serve(); });
}

CuttingRelay::~CuttingRelay() {
    m_stop = true;
    m_thread.join();
    ::close(m_listener);
}

void CuttingRelay::serve() {
    while (!m_stop) {
        pollfd wait{m_listener, POLLIN, 0};
        if (::poll(&wait, 1, 50) <= 0)
            continue;
        int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client >= 0)
            relay(client);
    }
}

void CuttingRelay::stall(int client) {
    char buffer[16384];
    while (!m_stop) {
        pollfd wait{client, POLLIN, 0};
        if (::poll(&wait, 1, 50) > 0 && ::read(client, buffer, sizeof buffer) <= 0)
            return;
    }
}

void CuttingRelay::relay(int client) {
    int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    auto address = loopback(m_target);
    if (::connect(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(server);
        ::close(client);
        return;
    }
    bool cutting = !m_cut;
    std::uint64_t downstream = 0;
    char buffer[16384];
    while (!m_stop) {
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (::poll(fds, 2, 50) <= 0)
            continue;
        if (fds[0].revents) {
            ssize_t got = ::read(client, buffer, sizeof buffer);
            if (got <= 0 || ::write(server, buffer, static_cast<std::size_t>(got)) != got)
                break;
        }
        if (fds[1].revents) {
            ssize_t got = ::read(server, buffer, sizeof buffer);
            if (got <= 0 || ::write(client, buffer, static_cast<std::size_t>(got)) != got)
                break;
            downstream += static_cast<std::uint64_t>(got);
            if (cutting && downstream >= m_cut_after) {
                m_cut = true;
                if (m_how == Cut::Stall)
                    stall(client);
                break;
            }
        }
    }
    ::close(server);
    ::close(client);
}

sync::FetchOptions fetch_options_for(const SshdFixture& sshd, const std::filesystem::path& spool) {
    sync::FetchOptions options;
    options.source = "poitiers";
    options.host = "127.0.0.1";
    options.port = sshd.port();
    options.user = sshd.user();
    options.key = sshd.client_key();
    options.known_hosts = sshd.known_hosts();
    options.remote_dir = sshd.served().string();
    options.patterns = {"*.xml", "*.tgz", "*.tar.gz", "*.zip"};
    options.settle_time = std::chrono::minutes(2);
    options.max_file_size = 1ull << 40;
    options.connect_timeout = std::chrono::seconds(10);
    options.read_timeout = std::chrono::seconds(20);
    options.timing.attempts = 1;
    options.spool = spool;
    return options;
}

} // namespace aafd::test
