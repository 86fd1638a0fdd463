// The real aafd binary as a child process, for tests that kill it or limit its
// resources: start with arguments (stdout and stderr to files), wait for its status.
#pragma once

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <doctest/doctest.h>

namespace aafd::test {

// `aafd ARGS...` with stdout to `out` and stderr to `err`; `in_child` runs in the child
// before exec (set a resource limit, ignore a signal). Returns its pid.
inline pid_t start_aafd(
    const std::vector<std::string>& args, const std::filesystem::path& out,
    const std::filesystem::path& err, const std::function<void()>& in_child = [] {}) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 1);
        ::dup2(::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
        in_child();
        std::vector<std::string> all = {AAFD_BINARY};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& arg : all)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(AAFD_BINARY, argv.data());
        ::_exit(127);
    }
    return pid;
}

// The exit status, or 128 + the signal that ended it.
inline int wait_aafd(pid_t pid) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace aafd::test
