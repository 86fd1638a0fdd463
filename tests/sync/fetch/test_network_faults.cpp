// Network faults between the SFTP fetch and a real sshd, injected by tests/sync/tcp_relay:
// connections cut at seeded random offsets, stalled past the read timeout, slowed. After
// every run ready/ holds only complete files identical to the source, a .part is never an
// import input, the ledger matches ready/; later runs resume and finish.
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>

#include "sync/fetch/fetch_ledger.hpp"
#include "sync/fetch/fetcher.hpp"
#include "sync/import/import_engine.hpp"
#include "sync/import/input_files.hpp"
#include "sync/store/sqlite_store.hpp"
#include "tests/sync/import_options.hpp"
#include "tests/sync/sshd_fixture.hpp"
#include "tests/sync/tcp_relay.hpp"
#include "util/sha256.hpp"

using namespace aafd;
using namespace aafd::sync;
using namespace std::chrono_literals;
using aafd::test::RelayFault;
using aafd::test::SshdFixture;
using aafd::test::TcpRelay;
using aafd::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string k_big = "ENT2DVA-ENT86_Complet_20250907_Eleve_0000.xml";

std::string random_bytes(std::size_t size, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::string bytes(size, '\0');
    for (auto& byte : bytes)
        byte = static_cast<char>(random() & 0xff);
    return bytes;
}

// The files the fetch must take (name -> bytes), as served.
struct Exports {
    std::map<std::string, std::string> files;
    std::uint64_t total() const {
        std::uint64_t sum = 0;
        for (const auto& [name, bytes] : files)
            sum += bytes.size();
        return sum;
    }
};

Exports serve(const SshdFixture& sshd, const std::map<std::string, std::string>& files) {
    for (const auto& [name, bytes] : files)
        sshd.serve(name, bytes);
    return Exports{files};
}

// A 6 MiB export and three smaller ones, beside 150 files the patterns leave out, so
// that the listing is long enough to be cut in its middle.
Exports serve_exports(const SshdFixture& sshd) {
    for (int i = 0; i < 150; ++i)
        sshd.serve("readme-" + std::to_string(1000 + i) + ".txt", "not an export");
    return serve(
        sshd, {{k_big, random_bytes(6 << 20, 61)},
               {"ENT2DVA-ENT86_Complet_20250907_Eleve_0001.xml", random_bytes(700'000, 62)},
               {"ENT2DVA-ENT86_Complet_20250907_EtabEducNat_0000.xml", random_bytes(40'000, 63)},
               {"ENT2DVA-ENT86_Complet_20250907_PersEducNat_0000.xml", random_bytes(3'000, 64)}});
}

// Fetch options for the sshd reached through `relay`, with short timeouts.
FetchOptions options_through(const SshdFixture& sshd, const TcpRelay& relay, const TempDir& spool) {
    auto options = test::fetch_options_for(sshd, spool / "spool");
    options.port = relay.port();
    options.known_hosts = spool / "known_hosts";
    test::write_file(options.known_hosts, sshd.known_hosts_line(relay.port()) + "\n");
    options.connect_timeout = 2s;
    options.read_timeout = 1s;
    return options;
}

fs::path source_dir(const TempDir& spool) { return spool / "spool" / "poitiers"; }

std::vector<std::string> ledger_lines(const TempDir& spool) {
    auto path = source_dir(spool) / "fetched.tsv";
    std::vector<std::string> lines;
    if (!fs::exists(path))
        return lines;
    std::istringstream in(test::read_file(path));
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

// What must hold after any run, failed or not: ready/ holds only complete files
// identical to their source, each in the ledger once with its size and SHA-256; partial/
// only beginnings of the sources; and the import, even pointed at the whole spool
// folder, takes only the files in ready/ (a .part is no export file name).
void check_spool(const TempDir& spool, const Exports& exports) {
    auto root = source_dir(spool);
    std::set<std::string> ready;
    for (const auto& entry : fs::directory_iterator(root / "ready")) {
        auto name = entry.path().filename().string();
        CAPTURE(name);
        REQUIRE(exports.files.contains(name));
        CHECK(sha256_hex(test::read_file(entry.path())) == sha256_hex(exports.files.at(name)));
        ready.insert(name);
    }
    for (const auto& entry : fs::directory_iterator(root / "partial")) {
        auto name = entry.path().filename().string();
        CAPTURE(name);
        if (name.ends_with(".part.source")) {
            CHECK(exports.files.contains(name.substr(0, name.size() - 12)));
            continue;
        }
        REQUIRE(name.ends_with(".part"));
        auto source = name.substr(0, name.size() - 5);
        REQUIRE(exports.files.contains(source));
        auto bytes = test::read_file(entry.path());
        CHECK(bytes == exports.files.at(source).substr(0, bytes.size()));
    }
    auto lines = ledger_lines(spool);
    auto ledger = FetchLedger::open(root / "fetched.tsv");
    REQUIRE(ledger);
    CHECK(lines.size() == ready.size());
    CHECK(ledger->size() == ready.size());
    for (const auto& name : ready) {
        CAPTURE(name);
        const auto* entry = ledger->find(name);
        REQUIRE(entry);
        CHECK(entry->size == exports.files.at(name).size());
        CHECK(entry->sha256 == sha256_hex(exports.files.at(name)));
    }
    auto inputs = collect_inputs({root}, {1ull << 30});
    REQUIRE_MESSAGE(inputs, inputs.error().message);
    CHECK(inputs->files.size() == ready.size());
    for (const auto& file : inputs->files)
        CHECK(file.path.parent_path() == root / "ready");
}

std::map<std::string, std::uint64_t> part_sizes(const TempDir& spool) {
    std::map<std::string, std::uint64_t> sizes;
    auto partial = source_dir(spool) / "partial";
    if (!fs::exists(partial))
        return sizes;
    for (const auto& entry : fs::directory_iterator(partial))
        if (auto name = entry.path().filename().string(); name.ends_with(".part"))
            sizes[name.substr(0, name.size() - 5)] = fs::file_size(entry.path());
    return sizes;
}

struct Runs {
    std::vector<Error> failures;  // of the runs before the one that finished
    std::uint64_t resumed = 0;    // bytes the finishing run took from .part files
    std::uint64_t downloaded = 0; // bytes the finishing run downloaded
};

// Runs the fetch (one attempt each) until a run succeeds, checking the spool after each
// run; the run that finishes must take from every .part exactly what it held and
// download only the rest.
Runs fetch_until_done(const FetchOptions& options, const Exports& exports, const TempDir& spool,
                      MemoryAudit& audit, std::size_t max_runs) {
    Runs runs;
    for (std::size_t run = 0; run < max_runs; ++run) {
        auto parts = part_sizes(spool);
        auto report = fetch_source(options, audit, std::chrono::system_clock::now());
        check_spool(spool, exports);
        if (!report) {
            CHECK(report.error().code == ErrorCode::Io);
            runs.failures.push_back(report.error());
            continue;
        }
        std::uint64_t whole = 0;
        for (const auto& name : report->fetched) {
            whole += exports.files.at(name).size();
            runs.resumed += parts[name];
        }
        runs.downloaded = report->bytes;
        CHECK(report->resumed_bytes == runs.resumed);
        CHECK(report->bytes == whole - runs.resumed);
        return runs;
    }
    FAIL("the fetch did not finish in " << max_runs << " runs");
    return runs;
}

// Everything fetched, identical, each file read (audited) once over all the runs, and
// nothing left in partial/.
void check_done(const TempDir& spool, const Exports& exports, const MemoryAudit& audit) {
    auto root = source_dir(spool);
    for (const auto& [name, bytes] : exports.files) {
        CAPTURE(name);
        REQUIRE(fs::exists(root / "ready" / name));
        CHECK(sha256_hex(test::read_file(root / "ready" / name)) == sha256_hex(bytes));
    }
    CHECK(fs::is_empty(root / "partial"));
    std::map<std::string, int> reads;
    for (const auto& event : audit.events)
        if (event.action == "sftp.read")
            ++reads[event.object];
    for (const auto& [name, bytes] : exports.files)
        CHECK(reads[name] == 1);
    CHECK(ledger_lines(spool).size() == exports.files.size());
}

// Server->client bytes of clean fetches through a relay: up to the end of the login
// (an empty folder listed), up to the end of the listing (nothing taken), everything.
struct Phases {
    std::uint64_t login = 0;
    std::uint64_t listed = 0;
    std::uint64_t total = 0;
};

Phases measure_phases(const SshdFixture& sshd) {
    TcpRelay relay(sshd.port(), {});
    fs::create_directories(sshd.served() / "empty");
    std::vector<std::uint64_t> bytes;
    for (int phase = 0; phase < 3; ++phase) {
        TempDir spool;
        auto options = options_through(sshd, relay, spool);
        if (phase == 0)
            options.remote_dir = (sshd.served() / "empty").string();
        if (phase == 1)
            options.patterns = {"*.none"};
        MemoryAudit audit;
        REQUIRE(fetch_source(options, audit, std::chrono::system_clock::now()));
        std::this_thread::sleep_for(50ms); // the relay forwards the last bytes
        bytes.push_back(relay.forwarded(static_cast<std::size_t>(phase)));
    }
    REQUIRE(bytes[0] < bytes[1]);
    REQUIRE(bytes[1] < bytes[2]);
    return Phases{bytes[0], bytes[1], bytes[2]};
}

std::uint64_t uniform(std::mt19937_64& random, std::uint64_t from, std::uint64_t to) {
    return std::uniform_int_distribution<std::uint64_t>(from, to - 1)(random);
}

RelayFault random_cut(std::mt19937_64& random, std::uint64_t at) {
    return random() % 2 ? RelayFault::close_at(at) : RelayFault::reset_at(at);
}

// A number from the environment (for longer soak runs), else `fallback`.
std::uint64_t setting(const char* name, std::uint64_t fallback) {
    const char* value = std::getenv(name);
    return value && *value ? std::stoull(value) : fallback;
}

bool names(const std::string& message, const std::string& what) {
    return message.find(what) != std::string::npos;
}

} // namespace

// AAFD_NET_CUTS (at least 8, default 18) and AAFD_NET_SEED make a longer soak.
TEST_CASE("network faults: cut at 18 random offsets, from the handshake to the last file, "
          "the next runs resume and end with identical files") {
    SshdFixture sshd;
    auto exports = serve_exports(sshd);
    auto phases = measure_phases(sshd);
    auto seed = setting("AAFD_NET_SEED", 20251123);
    auto cuts = std::max<std::uint64_t>(setting("AAFD_NET_CUTS", 18), 8);
    CAPTURE(seed);
    std::mt19937_64 random(seed);
    // Offsets: before the banner, in the key exchange and login, in the listing, and
    // in the downloads (stopping short of the last 16 KiB, which hold no file data).
    std::vector<std::uint64_t> offsets{0};
    for (int i = 0; i < 3; ++i)
        offsets.push_back(uniform(random, 1, phases.login));
    for (int i = 0; i < 3; ++i)
        offsets.push_back(uniform(random, phases.login, phases.listed));
    while (offsets.size() < cuts)
        offsets.push_back(uniform(random, phases.listed, phases.total - 16384));
    std::size_t resumed_runs = 0;
    for (std::size_t i = 0; i < offsets.size(); ++i) {
        CAPTURE(i);
        CAPTURE(offsets[i]);
        // Every fourth case, the first retry is cut too, anywhere.
        std::vector<RelayFault> plan{random_cut(random, offsets[i])};
        if (i % 4 == 3)
            plan.push_back(random_cut(random, uniform(random, 0, phases.total)));
        TcpRelay relay(sshd.port(), plan);
        TempDir spool;
        MemoryAudit audit;
        auto options = options_through(sshd, relay, spool);

        auto runs = fetch_until_done(options, exports, spool, audit, plan.size() + 1);

        CHECK(relay.faulted(0));
        REQUIRE_FALSE(runs.failures.empty());
        const auto& first = runs.failures.front().message;
        CAPTURE(first);
        CHECK(names(first, "127.0.0.1:" + std::to_string(relay.port())));
        if (offsets[i] >= phases.listed)
            CHECK(names(first, sshd.served().string() + "/ENT2DVA-ENT86_Complet_20250907_"));
        check_done(spool, exports, audit);
        if (runs.resumed > 0) {
            ++resumed_runs;
            CHECK(runs.downloaded < exports.total());
        }
    }
    // Most cuts in the downloads leave a .part to resume from.
    CHECK(resumed_runs >= (cuts - 7) * 2 / 3);
}

TEST_CASE("network faults: the first three connections cut, the fetch's own retries resume "
          "and finish, and its report covers every attempt") {
    SshdFixture sshd;
    auto exports = serve_exports(sshd);
    auto phases = measure_phases(sshd);
    std::mt19937_64 random(7);
    std::vector<RelayFault> plan;
    for (int i = 0; i < 3; ++i)
        plan.push_back(random_cut(random, uniform(random, phases.listed, phases.total - 16384)));
    TcpRelay relay(sshd.port(), plan);
    TempDir spool;
    MemoryAudit audit;
    auto options = options_through(sshd, relay, spool);
    options.timing.attempts = 4;
    options.timing.backoff_base = 10ms;
    options.timing.backoff_cap = 40ms;

    auto report = fetch_source(options, audit, std::chrono::system_clock::now());

    REQUIRE_MESSAGE(report, report.error().message);
    CHECK(relay.connections() == 4);
    CHECK(std::set<std::string>(report->fetched.begin(), report->fetched.end()).size() ==
          exports.files.size());
    CHECK(report->fetched.size() == exports.files.size());
    CHECK(report->bytes == exports.total()); // every byte downloaded once over the attempts
    CHECK(report->resumed_bytes > 0);
    check_spool(spool, exports);
    check_done(spool, exports, audit);
    std::uint64_t disconnected = 0;
    for (const auto& event : audit.events)
        if (event.action == "ssh.disconnect")
            for (const auto& [key, value] : event.details)
                if (key == "bytes")
                    disconnected += std::stoull(value);
    CHECK(disconnected == exports.total()); // each attempt's own bytes
}

TEST_CASE("network faults: a link stalled past the read timeout fails with a timeout naming "
          "the host and file, without hanging; the next run resumes") {
    SshdFixture sshd;
    auto exports = serve_exports(sshd);
    auto phases = measure_phases(sshd);
    std::mt19937_64 random(11);
    struct Case {
        std::string where;
        std::uint64_t at;
        std::string names; // what the error must name
    };
    // With OpenSSH 9.2 and libssh 0.10.6 the key exchange takes the first ~45% of the login
    // bytes, authentication and starting SFTP the next ~40%.
    std::vector<Case> cases{
        {"key exchange", uniform(random, 100, phases.login / 3),
         "cannot connect to 127.0.0.1:{port}: Timeout connecting to 127.0.0.1"},
        {"login", uniform(random, phases.login / 2, phases.login * 3 / 4), "127.0.0.1:{port}"},
        {"listing", uniform(random, phases.login, phases.listed),
         "127.0.0.1:{port}:" + sshd.served().string()},
        {"download", uniform(random, phases.listed + (1 << 20), phases.total - (1 << 20)),
         "reading 127.0.0.1:{port}:" + sshd.served().string() + "/ENT2DVA-ENT86_Complet_"},
    };
    for (const auto& stall : cases) {
        CAPTURE(stall.where);
        CAPTURE(stall.at);
        // Stalled for a minute, much longer than the 1 s read timeout and the 2 s connect
        // timeout: the fetch must give up on its own.
        TcpRelay relay(sshd.port(), {RelayFault::stall_at(stall.at, 60s)});
        TempDir spool;
        MemoryAudit audit;
        auto options = options_through(sshd, relay, spool);
        std::string port = std::to_string(relay.port());

        auto stalled = fetch_source(options, audit, std::chrono::system_clock::now());

        REQUIRE_FALSE(stalled);
        CHECK(relay.faulted(0));
        CHECK(stalled.error().code == ErrorCode::Io);
        const auto& message = stalled.error().message;
        CAPTURE(message);
        std::string expected = stall.names;
        if (auto at = expected.find("{port}"); at != std::string::npos)
            expected.replace(at, 6, port);
        CHECK(names(message, expected));
        CHECK(names(message, "127.0.0.1:" + port));
        check_spool(spool, exports);

        auto runs = fetch_until_done(options, exports, spool, audit, 1);
        check_done(spool, exports, audit);
        if (stall.where == "download") {
            CHECK(message.starts_with("no progress for 1 s: reading 127.0.0.1:" + port));
            CHECK(runs.resumed > 0);
            CHECK(runs.downloaded < exports.total());
        }
        if (stall.where != "key exchange") // ssh_connect has its own timeout
            CHECK(message.starts_with("no progress for 1 s: "));
    }
}

TEST_CASE("network faults: a stall shorter than the read timeout is ridden out") {
    SshdFixture sshd;
    auto exports = serve_exports(sshd);
    auto phases = measure_phases(sshd);
    TcpRelay relay(sshd.port(), {RelayFault::stall_at((phases.listed + phases.total) / 2, 300ms)});
    TempDir spool;
    MemoryAudit audit;
    auto options = options_through(sshd, relay, spool);
    options.read_timeout = 5s;

    auto runs = fetch_until_done(options, exports, spool, audit, 1);

    CHECK(relay.faulted(0));
    CHECK(runs.failures.empty());
    check_done(spool, exports, audit);
}

TEST_CASE("network faults: a slowed link completes with identical files") {
    SshdFixture sshd;
    auto exports = serve_exports(sshd);
    // 32 KiB every 10 ms (at most ~3 MiB/s): each 255 KiB SFTP answer takes several steps.
    TcpRelay relay(sshd.port(), {}, RelayFault::slow(32 << 10, 10ms));
    TempDir spool;
    MemoryAudit audit;

    auto runs = fetch_until_done(options_through(sshd, relay, spool), exports, spool, audit, 1);

    CHECK(relay.faulted(0));
    CHECK(runs.failures.empty());
    check_done(spool, exports, audit);
}

TEST_CASE("network faults: a link slower than one SFTP answer per read timeout is slow, not "
          "stalled: bytes keep arriving, the fetch completes") {
    SshdFixture sshd;
    // 4 KiB every 50 ms (~80 KiB/s): the one 200 KB answer takes about 2.5 s, more than
    // the 1 s read timeout, while bytes arrive all the time.
    fs::create_directories(sshd.served() / "slow");
    auto exports =
        Exports{{{"ENT2DVA-ENT86_Complet_20250907_Eleve_0000.xml", random_bytes(200'000, 65)}}};
    sshd.serve("slow/" + exports.files.begin()->first, exports.files.begin()->second);
    TcpRelay relay(sshd.port(), {}, RelayFault::slow(4 << 10, 50ms));
    TempDir spool;
    MemoryAudit audit;
    auto options = options_through(sshd, relay, spool);
    options.remote_dir = (sshd.served() / "slow").string();

    auto runs = fetch_until_done(options, exports, spool, audit, 1);

    CHECK(runs.failures.empty());
    check_done(spool, exports, audit);
}

TEST_CASE("network faults: a file replaced on the server after a cut is fetched anew, never "
          "spliced onto the old version's .part") {
    for (std::size_t new_size : {std::size_t(4'500'000), std::size_t(4'000'000)}) {
        CAPTURE(new_size);
        SshdFixture sshd;
        auto old_version = random_bytes(4'000'000, 66);
        sshd.serve(k_big, old_version, 7200);
        TcpRelay relay(sshd.port(), {RelayFault::close_at(2'000'000)});
        TempDir spool;
        MemoryAudit audit;
        auto options = options_through(sshd, relay, spool);
        REQUIRE_FALSE(fetch_source(options, audit, std::chrono::system_clock::now()));
        REQUIRE(part_sizes(spool)[k_big] > 0);

        auto new_version = random_bytes(new_size, 67); // replaced an hour later
        sshd.serve(k_big, new_version, 3600);
        auto report = fetch_source(options, audit, std::chrono::system_clock::now());

        REQUIRE_MESSAGE(report, report.error().message);
        CHECK(report->resumed_bytes == 0);
        CHECK(report->bytes == new_size);
        CHECK(sha256_hex(test::read_file(source_dir(spool) / "ready" / k_big)) ==
              sha256_hex(new_version));
        CHECK(fs::is_empty(source_dir(spool) / "partial"));
    }
}

namespace {

std::size_t serve_folder(const SshdFixture& sshd, const fs::path& folder) {
    std::size_t served = 0;
    for (const auto& entry : fs::directory_iterator(folder)) {
        sshd.serve(entry.path().filename().string(), test::read_file(entry.path()));
        ++served;
    }
    return served;
}

std::vector<SetReport> import_folder(const fs::path& db, const fs::path& folder) {
    using namespace std::chrono;
    auto store = open_sqlite_store(db.string());
    REQUIRE(store);
    NoProgress progress;
    ImportOptions options = test::import_options("poitiers");
    auto report = ImportEngine(**store, options, sys_days{year{2025} / September / 9}, progress)
                      .run({folder});
    REQUIRE_FALSE(report.error);
    return report.sets;
}

} // namespace

TEST_CASE("network faults: the demo's full and delta sets fetched through three cuts import "
          "as they do from disk") {
    SshdFixture sshd;
    auto demo = test::source_path("fixtures/demo");
    std::size_t served =
        serve_folder(sshd, demo / "20250907-Complet") + serve_folder(sshd, demo / "20250908-Delta");
    std::mt19937_64 random(13);
    std::vector<RelayFault> plan;
    for (std::uint64_t at : {40'000, 200'000, 300'000})
        plan.push_back(random_cut(random, at + uniform(random, 0, 20'000)));
    TcpRelay relay(sshd.port(), plan);
    TempDir spool;
    MemoryAudit audit;
    auto options = options_through(sshd, relay, spool);
    options.timing.attempts = 4;
    options.timing.backoff_base = 10ms;

    auto fetched = fetch_source(options, audit, std::chrono::system_clock::now());

    REQUIRE_MESSAGE(fetched, fetched.error().message);
    CHECK(relay.connections() == 4);
    CHECK(fetched->fetched.size() == served);
    TempDir stores;
    auto over_sftp = import_folder(stores / "sftp.db", fetched->ready_dir);
    auto copy = stores / "copy";
    fs::create_directories(copy);
    for (auto folder : {"20250907-Complet", "20250908-Delta"})
        for (const auto& entry : fs::directory_iterator(demo / folder))
            fs::copy_file(entry.path(), copy / entry.path().filename());
    auto from_disk = import_folder(stores / "disk.db", copy);
    REQUIRE(over_sftp.size() == from_disk.size());
    for (std::size_t i = 0; i < over_sftp.size(); ++i) {
        CAPTURE(over_sftp[i].label);
        CHECK(over_sftp[i].label == from_disk[i].label);
        CHECK(over_sftp[i].outcome == SetOutcome::Applied);
        CHECK(total(over_sftp[i].counts) == total(from_disk[i].counts));
    }
}
