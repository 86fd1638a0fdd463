// The real `aafd run` binary as a child process, driven by signals: one cycle with
// --once (state, metrics, status), a failing source that is alerted once and retried while the
// daemon keeps running, SIGHUP with a broken then a good configuration, and SIGTERM
// during an import leaving a consistent store. Waits poll for a condition with a
// generous deadline; nothing asserts on durations.
#include <csignal>
#include <fcntl.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "daemon/daemon_state.hpp"
#include "tests/daemon/cli_run.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr auto k_deadline = 120s;

bool wait_until(const std::function<bool()>& condition) {
    auto deadline = std::chrono::steady_clock::now() + k_deadline;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition())
            return true;
        std::this_thread::sleep_for(50ms);
    }
    return condition();
}

// `aafd ARGS...` with stderr to `log`; its pid.
pid_t start_aafd(const std::vector<std::string>& args, const fs::path& log) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(fd, 2);
        ::dup2(null, 1);
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

// The child's exit status; -1 if it had to be killed at the deadline.
int wait_exit(pid_t pid) {
    int status = 0;
    bool exited = wait_until([&] { return ::waitpid(pid, &status, WNOHANG) == pid; });
    if (!exited) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_or_empty(const fs::path& path) {
    std::error_code ec;
    return fs::exists(path, ec) ? test::read_file(path) : "";
}

struct Fixture {
    test::TempDir dir;
    fs::path config = dir / "aafd.toml";
    fs::path store = dir / "aafd.db";
    fs::path incoming = dir / "incoming";
    fs::path log = dir / "aafd.log";
    fs::path alerts = dir / "alerts";
    fs::path metrics = dir / "aafd.prom";

    Fixture() {
        fs::create_directories(incoming);
        auto script = dir / "alert.sh";
        test::write_file(script, "#!/bin/sh\nenv | grep '^AAFD_ALERT_' | sort >> " +
                                     alerts.string() + "\ncat >> " + alerts.string() + "\n");
        ::chmod(script.c_str(), 0755);
        write_config("0 0 1 1 *");
    }

    void write_config(const std::string& run) {
        test::write_file(config, "[store]\npath = \"" + store.string() +
                                     "\"\n"
                                     "[spool]\npath = \"" +
                                     (dir / "spool").string() +
                                     "\"\n"
                                     "[[source]]\nname = \"demo\"\nlocal_dir = \"" +
                                     incoming.string() +
                                     "\"\n"
                                     "[schedule]\nrun = \"" +
                                     run + "\"\nlate_check = \"" + run +
                                     "\"\n"
                                     "retry_min = 1\nretry_max = 1\n"
                                     "[alerts]\ncommand = \"" +
                                     (dir / "alert.sh").string() +
                                     "\"\ntimeout = 30\n"
                                     "[metrics]\ntextfile = \"" +
                                     metrics.string() +
                                     "\"\n"
                                     "[audit]\ndir = \"" +
                                     (dir / "audit").string() + "\"\n");
    }
    void copy_in(const fs::path& folder) {
        for (const auto& entry : fs::directory_iterator(folder))
            fs::copy_file(entry.path(), incoming / entry.path().filename());
    }
    pid_t start(std::vector<std::string> extra) {
        std::vector<std::string> args = {"run", "--config", config.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return start_aafd(args, log);
    }
    daemon::DaemonState state() const {
        auto loaded = daemon::load_state(daemon::state_file_for(store));
        return loaded ? *loaded : daemon::DaemonState{};
    }
};

using test::run_cli;

std::string integrity(const fs::path& store) {
    std::string command = "sqlite3 '" + store.string() + "' 'PRAGMA integrity_check'";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[256] = {};
    std::string text = std::fgets(buffer, sizeof buffer, pipe) ? buffer : "";
    ::pclose(pipe);
    return text;
}

// What must be equal between two stores: the counts and the applied sets' figures.
nlohmann::json comparable_status(const fs::path& store, const fs::path& audit) {
    auto run = run_cli({"status", "--json", "--store", store.string(), "--log-level", "warn",
                        "--audit-dir", audit.string()});
    REQUIRE(run.status == 0);
    auto json = nlohmann::json::parse(run.out);
    nlohmann::json kept = {{"persons", json["persons"]}, {"structures", json["structures"]}};
    for (auto& set : json["sets"])
        kept["sets"].push_back({set["flow"], set["kind"], set["date"], set["records"],
                                set["created"], set["updated"], set["disappeared"]});
    return kept;
}

bool metrics_well_formed(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    int samples = 0;
    while (std::getline(lines, line)) {
        if (line.starts_with("# HELP aafd_") || line.starts_with("# TYPE aafd_"))
            continue;
        auto space = line.find(' ');
        if (!line.starts_with("aafd_") || space == std::string::npos ||
            line.find_first_not_of("0123456789", space + 1) != std::string::npos)
            return false;
        ++samples;
    }
    return samples == 6;
}

} // namespace

TEST_CASE("aafd run --once: one cycle, state, metrics and status") {
    Fixture f;
    f.copy_in(test::source_path("fixtures/demo/20250907-Complet"));
    pid_t pid = f.start({"--once"});
    CHECK(wait_exit(pid) == 0);
    auto state = f.state();
    REQUIRE(state.last_cycle.has_value());
    CHECK(state.last_cycle->outcome == "ok");
    CHECK(state.last_cycle->sets_applied == 2);
    CHECK(state.cycles_total == 1);
    CHECK(state.failures_total == 0);
    CHECK(state.last_success_unix > 0);
    CHECK(metrics_well_formed(read_or_empty(f.metrics)));
    CHECK(read_or_empty(f.metrics).find("aafd_cycles_total 1\n") != std::string::npos);
    CHECK(fs::is_empty(f.dir / "spool" / "demo" / "ready"));
    auto status = run_cli({"status", "--config", f.config.string(), "--log-level", "warn"});
    CHECK(status.status == 0);
    CHECK(status.out.find("last cycle: ") != std::string::npos);
    CHECK(status.out.find(" ok, 2 set(s) applied\n") != std::string::npos);
    CHECK(status.out.find("next run: none (daemon stopped)\n") != std::string::npos);
}

TEST_CASE("a failing source is counted, retried and alerted once, then its recovery is "
          "alerted; the daemon keeps running") {
    Fixture f;
    fs::remove_all(f.incoming); // the exchange folder is not there (yet)
    pid_t pid = f.start({"--run-now"});
    CHECK(wait_until([&] { return f.state().failures_total >= 2; }));
    CHECK(::kill(pid, 0) == 0); // still running
    std::string alerts = read_or_empty(f.alerts);
    CHECK(alerts.find("AAFD_ALERT_KIND=source_failed\n") != std::string::npos);
    CHECK(alerts.find("AAFD_ALERT_SOURCE=demo\n") != std::string::npos);
    CHECK(alerts.find("{\"kind\":\"source_failed\",\"source\":\"demo\",") != std::string::npos);
    CHECK(alerts.find("AAFD_ALERT_KIND=source_failed") ==
          alerts.rfind("AAFD_ALERT_KIND=source_failed")); // once, not at every retry
    CHECK(f.state().open_alerts.size() == 1);

    fs::create_directories(f.incoming);
    CHECK(wait_until([&] { return f.state().open_alerts.empty(); }));
    alerts = read_or_empty(f.alerts);
    CHECK(alerts.find("AAFD_ALERT_CAUSE=source_failed\nAAFD_ALERT_KIND=recovered\n") !=
          std::string::npos);
    CHECK(f.state().last_cycle->outcome == "ok");
    ::kill(pid, SIGTERM);
    CHECK(wait_exit(pid) == 0);
    std::string metrics = read_or_empty(f.metrics);
    CHECK(metrics_well_formed(metrics));
}

TEST_CASE("SIGHUP: a broken configuration is refused and the old kept, a good one is taken") {
    Fixture f;
    pid_t pid = f.start({});
    CHECK(wait_until([&] { return f.state().next_run.starts_with("20"); }));
    std::string first = f.state().next_run;
    CHECK(first.find("-01-01T00:00:00.000Z (run)") != std::string::npos);

    test::write_file(f.config, "[schedule]\nrun = \"61 * * * *\"\n");
    ::kill(pid, SIGHUP);
    CHECK(wait_until(
        [&] { return read_or_empty(f.log).find("reload refused") != std::string::npos; }));
    CHECK(read_or_empty(f.log).find("schedule.run: '61 * * * *': minute 61 is out of range") !=
          std::string::npos);
    CHECK(f.state().next_run == first);

    f.write_config("0 0 2 1 *");
    ::kill(pid, SIGHUP);
    CHECK(wait_until([&] {
        return f.state().next_run.find("-01-02T00:00:00.000Z (run)") != std::string::npos;
    }));
    ::kill(pid, SIGTERM);
    CHECK(wait_exit(pid) == 0);

    std::string trail;
    for (const auto& day : fs::directory_iterator(f.dir / "audit"))
        if (day.path().extension() == ".jsonl")
            trail += read_or_empty(day.path());
    auto refused = trail.find("\"config.reload\"");
    REQUIRE(refused != std::string::npos);
    CHECK(trail.find("\"refused\"", refused) != std::string::npos);
    CHECK(trail.find("\"config.reload\"", refused + 1) != std::string::npos);
}

TEST_CASE("SIGTERM during an import leaves every set whole or absent") {
    Fixture f;
    auto demo = test::source_path("fixtures/demo");
    for (const auto& folder : fs::directory_iterator(demo))
        if (folder.is_directory())
            f.copy_in(folder.path());
    pid_t pid = f.start({"--run-now"});
    CHECK(wait_until(
        [&] { return read_or_empty(f.log).find("set source=demo") != std::string::npos; }));
    ::kill(pid, SIGTERM);
    CHECK(wait_exit(pid) == 0);
    CHECK(integrity(f.store) == "ok\n");

    // Finishing the series by hand must give the store a clean run gives.
    auto audit = f.dir / "audit";
    auto reference = f.dir / "reference.db";
    std::vector<std::string> import = {"import", "--source",    "demo",         "--log-level",
                                       "warn",   "--audit-dir", audit.string(), "--store"};
    auto finish = import;
    finish.push_back(f.store.string());
    finish.push_back(demo.string());
    auto clean = import;
    clean.push_back(reference.string());
    clean.push_back(demo.string());
    REQUIRE(run_cli(finish).status == 0);
    REQUIRE(run_cli(clean).status == 0);
    CHECK(comparable_status(f.store, audit) == comparable_status(reference, audit));
}
