// Resource faults below the command line: the file size limit (ulimit -f, SIGXFSZ
// ignored as a daemon would) hit while a download is written to the spool. The write
// fails cleanly naming the .part file, what was written stays, and the next run resumes
// from it to a complete file. (The store's faults run the real binary:
// tests/daemon/test_resource_faults.cpp.)
#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "sync/fetch/part_file.hpp"
#include "tests/test_support.hpp"
#include "util/sha256.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

constexpr std::uint64_t k_size = 3000;
constexpr std::int64_t k_mtime = 1757000000;

std::string content() {
    std::string bytes;
    for (std::uint64_t i = 0; i < k_size; ++i)
        bytes += static_cast<char>('a' + i % 26);
    return bytes;
}

// In a child limited to `limit` bytes per file: opens the part file and appends the whole
// content. Returns the error message it got ("" if none).
std::string append_limited(const std::filesystem::path& part, rlim_t limit) {
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit rl{limit, limit};
        ::setrlimit(RLIMIT_FSIZE, &rl);
        auto file = PartFile::open(part, k_size, k_mtime);
        auto done = file ? file->append(content()) : Result<void>(std::unexpected(file.error()));
        std::string message = done ? "" : done.error().message;
        (void)!::write(pipe_fds[1], message.data(), message.size());
        ::_exit(0);
    }
    ::close(pipe_fds[1]);
    std::string message;
    char buffer[512];
    for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
        message.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    return message;
}

} // namespace

TEST_CASE("file size limit hit while writing the spool: clean error, bytes kept, resumed") {
    test::TempDir dir;
    auto part = dir / "partial.xml.part";
    CHECK(append_limited(part, 1000) == "cannot write " + part.string() + ": File too large");
    CHECK(std::filesystem::file_size(part) == 1000);

    auto resumed = PartFile::open(part, k_size, k_mtime);
    REQUIRE(resumed);
    CHECK(resumed->resumed_from() == 1000);
    REQUIRE(resumed->append(std::string_view(content()).substr(1000)));
    auto digest = resumed->commit(dir / "ready.xml");
    REQUIRE(digest);
    Sha256 expected;
    std::string whole = content();
    expected.update(whole);
    CHECK(*digest == expected.hex_digest());
    CHECK(test::read_file(dir / "ready.xml") == whole);
}
