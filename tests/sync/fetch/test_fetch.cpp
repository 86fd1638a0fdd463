// Specification of the SFTP fetch (sync/fetch/fetcher.hpp) against a real OpenSSH sshd on
// 127.0.0.1: what is taken, what is refused, resuming, the ledger and the audit trail.
#include <map>
#include <random>
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "sync/fetch/fetch_ledger.hpp"
#include "sync/fetch/fetcher.hpp"
#include "tests/sync/export_writer.hpp"
#include "tests/sync/sshd_fixture.hpp"
#include "util/sha256.hpp"

using namespace aafd;
using namespace aafd::sync;
using aafd::test::CuttingRelay;
using aafd::test::SshdFixture;
using aafd::test::TempDir;

namespace {

FetchOptions options_for(const SshdFixture& sshd, const TempDir& spool) {
    return aafd::test::fetch_options_for(sshd, spool.path());
}

std::string random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (auto& byte : bytes)
        byte = static_cast<char>(random() & 0xff);
    return bytes;
}

std::vector<std::string> actions(const MemoryAudit& audit) {
    std::vector<std::string> result;
    for (const auto& event : audit.events)
        result.push_back(event.action + ":" + event.outcome);
    return result;
}

std::string detail(const AuditEvent& event, const std::string& key) {
    for (const auto& [name, value] : event.details)
        if (name == key)
            return value;
    return "";
}

std::filesystem::path ready(const TempDir& spool, const std::string& name) {
    return spool.path() / "poitiers" / "ready" / name;
}

std::filesystem::path part(const TempDir& spool, const std::string& name) {
    return spool.path() / "poitiers" / "partial" / (name + ".part");
}

auto now() { return std::chrono::system_clock::now(); }

} // namespace

TEST_CASE("fetch: files are fetched identical to the source, each access audited in order") {
    SshdFixture sshd;
    TempDir spool;
    const std::map<std::string, std::string> exports{
        {"ENT2DVA-ENT16_Complet_20240916_EtabEducNat_0000.xml",
         aafd::test::export_xml(Category::Structure,
                                {{"43", {{"ENTStructureUAI", {"0123456A"}}}}})},
        {"ENT2DVA-ENT16_Complet_20240916_PersEducNat_0000.xml",
         aafd::test::export_xml(Category::Staff, {{"314159", {{"givenName", {"Prénom"}}}}})}};
    for (const auto& [name, bytes] : exports)
        sshd.serve(name, bytes);
    std::string big = random_bytes(3'000'000, 1);
    sshd.serve("ENT2D.2024.big.xml", big);
    sshd.serve("notes.txt", "not matched by the patterns");
    MemoryAudit audit;

    auto report = fetch_source(options_for(sshd, spool), audit, now());

    REQUIRE_MESSAGE(report, report.error().message);
    CHECK(report->fetched.size() == exports.size() + 1);
    CHECK(report->waiting.empty());
    CHECK(report->refused.empty());
    CHECK(report->ready_dir == spool.path() / "poitiers" / "ready");
    for (const auto& [name, bytes] : exports)
        CHECK(sha256_hex(aafd::test::read_file(ready(spool, name))) == sha256_hex(bytes));
    CHECK(sha256_hex(aafd::test::read_file(ready(spool, "ENT2D.2024.big.xml"))) == sha256_hex(big));
    CHECK_FALSE(std::filesystem::exists(ready(spool, "notes.txt")));
    CHECK(std::filesystem::is_empty(spool.path() / "poitiers" / "partial"));

    std::vector<std::string> expected{"ssh.connect:ok", "ssh.auth:ok", "sftp.list:ok"};
    for (std::size_t i = 0; i < report->fetched.size(); ++i)
        expected.push_back("sftp.read:ok");
    expected.push_back("ssh.disconnect:ok");
    CHECK(actions(audit) == expected);
    const auto& connect = audit.events.front();
    CHECK(connect.object == "127.0.0.1:" + std::to_string(sshd.port()));
    CHECK(detail(connect, "fingerprint") == sshd.host_fingerprint());
    CHECK(detail(connect, "port") == std::to_string(sshd.port()));
    CHECK(detail(audit.events[1], "key_fingerprint") ==
          aafd::test::key_fingerprint(sshd.client_key().string() + ".pub"));
    CHECK(audit.events[2].object == sshd.served().string());
    for (const auto& event : audit.events)
        if (event.action == "sftp.read" && event.object == "ENT2D.2024.big.xml") {
            CHECK(detail(event, "sha256") == sha256_hex(big));
            CHECK(detail(event, "size") == "3000000");
        }
}

TEST_CASE("fetch: reads larger than the server answers (short reads) give an identical file") {
    SshdFixture sshd;
    TempDir spool;
    std::string big = random_bytes(5'000'000, 2);
    sshd.serve("ENT2D.short.xml", big);
    auto options = options_for(sshd, spool);
    options.read_chunk = 1 << 20; // OpenSSH answers at most 261,120 bytes
    options.read_requests = 4;
    MemoryAudit audit;
    auto report = fetch_source(options, audit, now());
    REQUIRE_MESSAGE(report, report.error().message);
    CHECK(report->bytes == big.size());
    CHECK(aafd::test::read_file(ready(spool, "ENT2D.short.xml")) == big);
}

TEST_CASE("fetch: the ledger prevents a second download, even once the file left ready/") {
    SshdFixture sshd;
    TempDir spool;
    sshd.serve("ENT1D.a.xml", "<a/>");
    MemoryAudit audit;
    auto first = fetch_source(options_for(sshd, spool), audit, now());
    REQUIRE(first);
    CHECK(first->fetched == std::vector<std::string>{"ENT1D.a.xml"});
    std::filesystem::remove(ready(spool, "ENT1D.a.xml")); // imported and moved away

    auto second = fetch_source(options_for(sshd, spool), audit, now());
    REQUIRE(second);
    CHECK(second->fetched.empty());
    CHECK(second->bytes == 0);
    CHECK_FALSE(std::filesystem::exists(ready(spool, "ENT1D.a.xml")));
    auto ledger = FetchLedger::open(spool.path() / "poitiers" / "fetched.tsv");
    REQUIRE(ledger);
    REQUIRE(ledger->find("ENT1D.a.xml"));
    CHECK(ledger->find("ENT1D.a.xml")->size == 4);
    CHECK(ledger->find("ENT1D.a.xml")->sha256 == sha256_hex("<a/>"));
}

TEST_CASE("fetch: a file re-sent under the same name with another size or mtime is fetched "
          "again and reported") {
    SshdFixture sshd;
    TempDir spool;
    sshd.serve("ENT1D.a.xml", "<a/>", 3600);
    MemoryAudit audit;
    auto first = fetch_source(options_for(sshd, spool), audit, now());
    REQUIRE(first);
    CHECK(first->resent.empty());
    std::filesystem::remove(ready(spool, "ENT1D.a.xml")); // imported and moved away

    SUBCASE("another size") { sshd.serve("ENT1D.a.xml", "<a>1</a>", 3600); }
    SUBCASE("the same size, another mtime") { sshd.serve("ENT1D.a.xml", "<b/>", 1800); }
    auto second = fetch_source(options_for(sshd, spool), audit, now());
    REQUIRE(second);
    CHECK(second->fetched == std::vector<std::string>{"ENT1D.a.xml"});
    CHECK(second->resent == std::vector<std::string>{"ENT1D.a.xml"});
    auto content = aafd::test::read_file(ready(spool, "ENT1D.a.xml"));
    CHECK(content != "<a/>");
    auto ledger = FetchLedger::open(spool.path() / "poitiers" / "fetched.tsv");
    REQUIRE(ledger);
    REQUIRE(ledger->find("ENT1D.a.xml"));
    CHECK(ledger->find("ENT1D.a.xml")->sha256 == sha256_hex(content));

    auto third = fetch_source(options_for(sshd, spool), audit, now()); // now known
    REQUIRE(third);
    CHECK(third->fetched.empty());
}

TEST_CASE("fetch: an unknown host is refused with its fingerprint and the line to accept it") {
    SshdFixture sshd;
    TempDir spool;
    sshd.serve("ENT1D.a.xml", "<a/>");
    aafd::test::write_file(sshd.dir() / "empty_known_hosts", "");
    auto options = options_for(sshd, spool);
    options.known_hosts = sshd.dir() / "empty_known_hosts";
    MemoryAudit audit;

    auto report = fetch_source(options, audit, now());

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Config);
    const auto& message = report.error().message;
    CHECK(message.find("host key of 127.0.0.1:" + std::to_string(sshd.port()) + " refused") !=
          std::string::npos);
    CHECK(message.find(sshd.host_fingerprint()) != std::string::npos);
    CHECK(message.find("is not in " + options.known_hosts.string()) != std::string::npos);
    CHECK(message.find(sshd.known_hosts_line(sshd.port())) != std::string::npos);
    CHECK(message.find("ssh-keyscan -p " + std::to_string(sshd.port()) + " 127.0.0.1") !=
          std::string::npos);
    CHECK(actions(audit) == std::vector<std::string>{"ssh.connect:refused"});
    CHECK(detail(audit.events[0], "fingerprint") == sshd.host_fingerprint());
    CHECK_FALSE(std::filesystem::exists(ready(spool, "ENT1D.a.xml")));
}

TEST_CASE("fetch: a changed host key is refused, showing the key offered") {
    SshdFixture sshd;
    TempDir spool;
    aafd::test::make_key(sshd.dir() / "other_host");
    std::string other = aafd::test::read_file(sshd.dir() / "other_host.pub");
    aafd::test::write_file(sshd.known_hosts(), "[127.0.0.1]:" + std::to_string(sshd.port()) + " " +
                                                   other.substr(0, other.rfind(' ')) + "\n");
    MemoryAudit audit;

    auto report = fetch_source(options_for(sshd, spool), audit, now());

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Config);
    CHECK(report.error().message.find("has CHANGED") != std::string::npos);
    CHECK(report.error().message.find(sshd.host_fingerprint()) != std::string::npos);
    CHECK(actions(audit) == std::vector<std::string>{"ssh.connect:refused"});
}

TEST_CASE("fetch: a client key the server does not know is refused, and audited") {
    SshdFixture sshd;
    TempDir spool;
    aafd::test::make_key(sshd.dir() / "stranger");
    auto options = options_for(sshd, spool);
    options.key = sshd.dir() / "stranger";
    MemoryAudit audit;

    auto report = fetch_source(options, audit, now());

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Config);
    std::string fingerprint = aafd::test::key_fingerprint(sshd.dir() / "stranger.pub");
    CHECK(report.error().message == "authentication to 127.0.0.1:" + std::to_string(sshd.port()) +
                                        " as " + sshd.user() + " refused for key " + fingerprint +
                                        " (is its public key in the account's "
                                        "authorized_keys?)");
    CHECK(actions(audit) ==
          std::vector<std::string>{"ssh.connect:ok", "ssh.auth:refused", "ssh.disconnect:failed"});
    CHECK(detail(audit.events[1], "key_fingerprint") == fingerprint);
}

TEST_CASE("fetch: a private key readable by group or others is refused before connecting") {
    SshdFixture sshd;
    TempDir spool;
    ::chmod(sshd.client_key().c_str(), 0644);
    MemoryAudit audit;

    auto report = fetch_source(options_for(sshd, spool), audit, now());

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Config);
    auto key = sshd.client_key().string();
    CHECK(report.error().message == "private key " + key +
                                        " is readable by group or others (mode 0644): run "
                                        "chmod 600 " +
                                        key);
    CHECK(audit.events.empty());
}

TEST_CASE("fetch: a download cut in the middle resumes from its .part on the next run") {
    SshdFixture sshd;
    TempDir spool;
    std::string big = random_bytes(4'000'000, 3);
    sshd.serve("ENT2D.cut.xml", big);
    CuttingRelay relay(sshd.port(), 1'500'000);
    aafd::test::write_file(sshd.known_hosts(), sshd.known_hosts_line(sshd.port()) + "\n" +
                                                   sshd.known_hosts_line(relay.port()) + "\n");
    auto options = options_for(sshd, spool);
    options.port = relay.port();
    MemoryAudit audit;

    auto cut = fetch_source(options, audit, now());

    REQUIRE_FALSE(cut);
    CHECK(relay.cut());
    CHECK(cut.error().code == ErrorCode::Io);
    CHECK(cut.error().message.find("ENT2D.cut.xml") != std::string::npos);
    CHECK(actions(audit).back() == "ssh.disconnect:failed");
    CHECK_FALSE(std::filesystem::exists(ready(spool, "ENT2D.cut.xml")));
    REQUIRE(std::filesystem::exists(part(spool, "ENT2D.cut.xml")));
    auto kept = std::filesystem::file_size(part(spool, "ENT2D.cut.xml"));
    CHECK(kept > 0);
    CHECK(kept < big.size());

    auto resumed = fetch_source(options_for(sshd, spool), audit, now());

    REQUIRE_MESSAGE(resumed, resumed.error().message);
    CHECK(resumed->fetched == std::vector<std::string>{"ENT2D.cut.xml"});
    CHECK(resumed->resumed_bytes == kept);
    CHECK(resumed->bytes == big.size() - kept);
    CHECK(aafd::test::read_file(ready(spool, "ENT2D.cut.xml")) == big);
    CHECK_FALSE(std::filesystem::exists(part(spool, "ENT2D.cut.xml")));
    CHECK(detail(audit.events[audit.events.size() - 2], "sha256") == sha256_hex(big));
    CHECK(detail(audit.events[audit.events.size() - 2], "resumed_from") == std::to_string(kept));
}

TEST_CASE("fetch: a stalled server is cut off by the watchdog, the .part kept") {
    SshdFixture sshd;
    TempDir spool;
    std::string big = random_bytes(4'000'000, 4);
    sshd.serve("ENT2D.stall.xml", big);
    CuttingRelay relay(sshd.port(), 1'500'000, CuttingRelay::Cut::Stall);
    aafd::test::write_file(sshd.known_hosts(), sshd.known_hosts_line(relay.port()) + "\n");
    auto options = options_for(sshd, spool);
    options.port = relay.port();
    options.read_timeout = std::chrono::seconds(1);
    MemoryAudit audit;

    auto stalled = fetch_source(options, audit, now());

    REQUIRE_FALSE(stalled);
    CHECK(stalled.error().code == ErrorCode::Io);
    CAPTURE(stalled.error().message);
    CHECK(stalled.error().message.find("no progress for 1 s") == 0);
    CHECK(std::filesystem::exists(part(spool, "ENT2D.stall.xml")));
}

TEST_CASE("fetch: a file still being written is not taken until it is stable") {
    SshdFixture sshd;
    TempDir spool;
    sshd.serve("ENT1D.growing.xml", "<partial", 0);
    sshd.serve("ENT1D.done.xml", "<done/>");
    MemoryAudit audit;

    auto first = fetch_source(options_for(sshd, spool), audit, now());

    REQUIRE(first);
    CHECK(first->fetched == std::vector<std::string>{"ENT1D.done.xml"});
    CHECK(first->waiting == std::vector<std::string>{"ENT1D.growing.xml"});
    CHECK_FALSE(std::filesystem::exists(ready(spool, "ENT1D.growing.xml")));

    sshd.serve("ENT1D.growing.xml", "<partial/>", 600); // finished ten minutes ago
    auto second = fetch_source(options_for(sshd, spool), audit, now());

    REQUIRE(second);
    CHECK(second->fetched == std::vector<std::string>{"ENT1D.growing.xml"});
    CHECK(aafd::test::read_file(ready(spool, "ENT1D.growing.xml")) == "<partial/>");
}

TEST_CASE("fetch: hostile names and files over the size limit are refused, others taken") {
    SshdFixture sshd;
    TempDir spool;
    sshd.serve("a..b.xml", "<x/>");
    sshd.serve("evil\nname.xml", "<x/>");
    sshd.serve("-dash.xml", "<ok/>");
    sshd.serve("ENT2D.huge.xml", std::string(5000, 'x'));
    auto options = options_for(sshd, spool);
    options.max_file_size = 4096;
    MemoryAudit audit;

    auto report = fetch_source(options, audit, now());

    REQUIRE(report);
    CHECK(report->fetched == std::vector<std::string>{"-dash.xml"});
    std::map<std::string, std::string> refused;
    for (std::size_t i = 0; i < report->refused.size(); ++i)
        refused[report->refused[i]] = report->reasons.at(i);
    CHECK(refused == std::map<std::string, std::string>{
                         {"a..b.xml", "name contains '..'"},
                         {"evil\nname.xml", "name contains a control character"},
                         {"ENT2D.huge.xml", "5000 bytes, over the limit of 4096"}});
    CHECK(std::filesystem::exists(ready(spool, "-dash.xml")));
    CHECK(std::distance(std::filesystem::directory_iterator(report->ready_dir),
                        std::filesystem::directory_iterator()) == 1);
}

namespace {

// Refuses to record one action: the audit file is full or read-only.
class FailingAudit final : public AuditSink {
public:
    explicit FailingAudit(std::string action) : m_action(std::move(action)) {}
    Result<void> record(const AuditEvent& event) override {
        if (event.action == m_action)
            return fail(ErrorCode::Io, "cannot write the audit file: No space left on device");
        events.push_back(event);
        return {};
    }
    std::vector<AuditEvent> events;

private:
    std::string m_action;
};

} // namespace

TEST_CASE("fetch: when the audit trail cannot record a read, the file is not delivered") {
    SshdFixture sshd;
    TempDir spool;
    sshd.serve("ENT1D.a.xml", "<a/>");
    FailingAudit audit("sftp.read");
    auto options = options_for(sshd, spool);
    options.timing.attempts = 3; // not retried: the trail, not the network, failed
    options.timing.backoff_base = std::chrono::hours(1);

    auto report = fetch_source(options, audit, now());

    REQUIRE_FALSE(report);
    CHECK(report.error().code == ErrorCode::Io);
    CHECK(report.error().message == "audit trail (sftp.read ENT1D.a.xml): cannot write the "
                                    "audit file: No space left on device");
    CHECK_FALSE(std::filesystem::exists(ready(spool, "ENT1D.a.xml")));
    auto ledger = FetchLedger::open(spool.path() / "poitiers" / "fetched.tsv");
    REQUIRE(ledger);
    CHECK(ledger->size() == 0);
    CHECK(std::filesystem::file_size(part(spool, "ENT1D.a.xml")) == 4); // kept for the next run
}

TEST_CASE("fetch: when the audit trail cannot record the connection, nothing is listed") {
    SshdFixture sshd;
    TempDir spool;
    sshd.serve("ENT1D.a.xml", "<a/>");
    FailingAudit audit("ssh.connect");

    auto report = fetch_source(options_for(sshd, spool), audit, now());

    REQUIRE_FALSE(report);
    CHECK(report.error().message.find("audit trail (ssh.connect") == 0);
    CHECK(audit.events.empty());
}
