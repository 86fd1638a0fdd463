// Running the alert command: posix_spawn with the alert in its environment and as JSON
// on a pipe to its stdin, in its own process group, killed when it overruns its timeout.
#include "daemon/daemon_alerts.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "util/file.hpp"
#include "util/logger.hpp"

extern char** environ;

namespace aafd::daemon {
namespace {

std::shared_ptr<spdlog::logger> logger() { return module_logger("alert"); }

constexpr auto k_poll = std::chrono::milliseconds(20);

// The current environment plus the alert's variables (which replace any inherited ones).
std::vector<std::string> alert_environment(const Alert& alert) {
    std::vector<std::string> variables;
    for (char** entry = environ; *entry; ++entry)
        if (std::strncmp(*entry, "AAFD_ALERT_", 11) != 0)
            variables.emplace_back(*entry);
    variables.push_back("AAFD_ALERT_KIND=" + alert.kind);
    variables.push_back("AAFD_ALERT_SOURCE=" + alert.source);
    variables.push_back("AAFD_ALERT_MESSAGE=" + alert.message);
    variables.push_back("AAFD_ALERT_TIME=" + alert.time);
    variables.push_back("AAFD_ALERT_PROVIDER=" + alert.provider);
    variables.push_back("AAFD_ALERT_CAUSE=" + alert.cause);
    return variables;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> result;
    for (auto& text : strings)
        result.push_back(text.data());
    result.push_back(nullptr);
    return result;
}

// Writes all of `text` to `fd` (a pipe), ignoring a reader that went away.
void write_all(const Fd& fd, const std::string& text) {
    std::size_t written = 0;
    while (written < text.size()) {
        auto n = ::write(fd.get(), text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        written += static_cast<std::size_t>(n);
    }
}

// Waits for `pid` until `timeout`; kills its process group past it. The exit status,
// or -1 when it had to be killed.
int wait_for(pid_t pid, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (true) {
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (done < 0 && errno != EINTR)
            return -1;
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(k_poll);
    }
}

// Spawns the command with stdin on a pipe; the pid, or -1 (logged).
pid_t spawn(const std::filesystem::path& command, const Alert& alert, Fd& stdin_fd) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        logger()->error("alert command not run: pipe: {}", std::strerror(errno));
        return -1;
    }
    Fd read_end(fds[0]);
    Fd write_end(fds[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, read_end.get(), 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    std::string program = command.string();
    std::vector<std::string> arguments = {program};
    auto environment = alert_environment(alert);
    auto argv = pointers(arguments);
    auto envp = pointers(environment);
    pid_t pid = -1;
    int error =
        ::posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) {
        logger()->error("alert command not run: command={} error={}", program,
                        std::strerror(error));
        return -1;
    }
    stdin_fd = std::move(write_end);
    return pid;
}

} // namespace

std::string alert_json(const Alert& alert) {
    nlohmann::ordered_json json = {{"kind", alert.kind},         {"source", alert.source},
                                   {"message", alert.message},   {"time", alert.time},
                                   {"provider", alert.provider}, {"cause", alert.cause}};
    return json.dump();
}

void CommandAlerts::send(const Alert& alert) {
    logger()->warn("alert kind={} source={} provider={} cause={} message={}", alert.kind,
                   alert.source, alert.provider, alert.cause, alert.message);
    if (m_options.command.empty())
        return;
    Fd stdin_fd;
    pid_t pid = spawn(m_options.command, alert, stdin_fd);
    if (pid < 0)
        return;
    std::signal(SIGPIPE, SIG_IGN);
    write_all(stdin_fd, alert_json(alert) + "\n");
    stdin_fd = Fd(); // end of input
    int status = wait_for(pid, m_options.timeout);
    if (status == -1)
        logger()->error("alert command killed after {}s: command={}", m_options.timeout.count(),
                        m_options.command.string());
    else if (status != 0)
        logger()->error("alert command failed: command={} status={}", m_options.command.string(),
                        status);
}

} // namespace aafd::daemon
