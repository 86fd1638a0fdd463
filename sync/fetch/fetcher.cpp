// One source's fetch: connect, check the host key, authenticate, list, download the
// stable new files, with every step recorded in the audit trail first.
#include "sync/fetch/fetcher.hpp"

#include <optional>
#include <random>

#include "sync/fetch/backoff.hpp"
#include "sync/fetch/fetch_ledger.hpp"
#include "sync/fetch/part_file.hpp"
#include "sync/fetch/spool.hpp"
#include "sync/sftp/remote_name.hpp"
#include "sync/sftp/sftp_client.hpp"
#include "util/file.hpp"
#include "util/logger.hpp"

namespace aafd::sync {
namespace {

using Details = std::vector<std::pair<std::string, std::string>>;

Result<Spool> prepare_spool(const FetchOptions& options) {
    if (auto name = check_remote_name(options.source); !name)
        return fail(ErrorCode::Config, "source name '" + options.source +
                                           "' cannot name a spool folder: " + name.error().message);
    Spool spool(options.spool, options.source);
    if (auto created = spool.create(); !created)
        return std::unexpected(created.error());
    return spool;
}

std::int64_t epoch_seconds(std::chrono::system_clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

// What to do with one listed entry.
enum class Verdict { Skip, Refuse, Wait, Take };

std::string_view verdict_name(Verdict verdict) {
    switch (verdict) {
    case Verdict::Skip:
        return "skip";
    case Verdict::Refuse:
        return "refuse";
    case Verdict::Wait:
        return "wait";
    default:
        return "take";
    }
}

struct Judgement {
    Verdict verdict;
    std::string reason;
};

Judgement judge(const RemoteEntry& entry, const FetchOptions& options, const FetchLedger& ledger,
                std::chrono::system_clock::time_point now) {
    if (!entry.regular || !matches_patterns(entry.name, options.patterns))
        return {Verdict::Skip, ""};
    if (auto name = check_remote_name(entry.name); !name)
        return {Verdict::Refuse, name.error().message};
    if (ledger.holds(entry.name, entry.size, entry.mtime))
        return {Verdict::Skip, "already fetched"};
    if (entry.size > options.max_file_size)
        return {Verdict::Refuse, std::to_string(entry.size) + " bytes, over the limit of " +
                                     std::to_string(options.max_file_size)};
    if (entry.mtime > epoch_seconds(now) - options.settle_time.count())
        return {Verdict::Wait, "modified less than the settle time ago"};
    return {Verdict::Take, ""};
}

// One connection to the server and the work done over it.
class FetchRun {
public:
    FetchRun(const FetchOptions& options, AuditSink& audit,
             std::chrono::system_clock::time_point now, const Spool& spool, FetchLedger& ledger,
             FetchReport& report)
        : m_options(options), m_audit(audit), m_now(now), m_spool(spool), m_ledger(ledger),
          m_report(report), m_bytes_before(report.bytes),
          m_label(options.host + ":" + std::to_string(options.port)) {}

    Result<void> run();
    // True when the audit trail refused a record: retrying would not help.
    bool audit_failed() const { return m_audit_failed; }

private:
    Result<void> record(const std::string& action, const std::string& object, bool ok,
                        Details details, const std::string& outcome_if_not = "failed");
    Result<SshSession> connect();
    // Runs watched_work under a watchdog; its errors say when the watchdog cut the link.
    Result<void> work(SshSession& session, const SshKey& key);
    Result<void> watched_work(SshSession& session, const SshKey& key, ReadWatchdog& watchdog);
    Result<void> download(SftpSession& sftp, const RemoteEntry& entry, ReadWatchdog& watchdog);

    const FetchOptions& m_options;
    AuditSink& m_audit;
    std::chrono::system_clock::time_point m_now;
    const Spool& m_spool;
    FetchLedger& m_ledger;
    FetchReport& m_report;
    std::uint64_t m_bytes_before; // bytes of earlier attempts in m_report
    std::string m_label;
    bool m_audit_failed = false;
};

Result<void> FetchRun::record(const std::string& action, const std::string& object, bool ok,
                              Details details, const std::string& outcome_if_not) {
    auto recorded =
        m_audit.record(AuditEvent{action, object, ok ? "ok" : outcome_if_not, std::move(details)});
    if (!recorded) {
        m_audit_failed = true;
        return with_context(recorded.error(), "audit trail (" + action + " " + object + ")");
    }
    return {};
}

Result<SshSession> FetchRun::connect() {
    SshTarget target{m_options.host,
                     m_options.port,
                     m_options.user,
                     m_options.known_hosts,
                     m_options.connect_timeout,
                     m_options.read_timeout};
    Details details{{"host", m_options.host}, {"port", std::to_string(m_options.port)}};
    auto session = SshSession::connect(target);
    if (!session) {
        details.emplace_back("error", session.error().message);
        if (auto recorded = record("ssh.connect", m_label, false, details); !recorded)
            return std::unexpected(recorded.error());
        return std::unexpected(session.error());
    }
    details.emplace_back("fingerprint", session->server_fingerprint());
    auto trusted = session->verify_host_key();
    if (!trusted)
        details.emplace_back("error", trusted.error().message);
    if (auto recorded = record("ssh.connect", m_label, bool(trusted), details, "refused");
        !recorded)
        return std::unexpected(recorded.error());
    if (!trusted)
        return std::unexpected(trusted.error());
    return session;
}

Result<void> FetchRun::run() {
    auto key = SshKey::load(m_options.key);
    if (!key)
        return std::unexpected(key.error());
    std::optional<SshSession> session;
    if (auto connected = connect(); connected)
        session.emplace(std::move(*connected));
    else
        return std::unexpected(connected.error());
    auto worked = work(*session, *key);
    session.reset();
    auto recorded = record("ssh.disconnect", m_label, bool(worked),
                           {{"bytes", std::to_string(m_report.bytes - m_bytes_before)}});
    if (!worked)
        return worked;
    return recorded;
}

Result<void> FetchRun::work(SshSession& session, const SshKey& key) {
    ReadWatchdog watchdog(session.fd(), m_options.read_timeout);
    auto worked = watched_work(session, key, watchdog);
    if (!worked && watchdog.fired())
        return with_context(worked.error(), "no progress for " +
                                                std::to_string(m_options.read_timeout.count()) +
                                                " s");
    return worked;
}

Result<void> FetchRun::watched_work(SshSession& session, const SshKey& key,
                                    ReadWatchdog& watchdog) {
    auto authenticated = session.authenticate(key);
    Details details{{"user", m_options.user},
                    {"key", m_options.key.string()},
                    {"key_fingerprint", key.fingerprint()}};
    std::string outcome = "refused"; // the server said no; "failed" when the link broke
    if (!authenticated) {
        details.emplace_back("error", authenticated.error().message);
        if (authenticated.error().code == ErrorCode::Io)
            outcome = "failed";
    }
    if (auto recorded = record("ssh.auth", m_label, bool(authenticated), details, outcome);
        !recorded)
        return recorded;
    if (!authenticated)
        return authenticated;
    auto sftp = SftpSession::open(session);
    if (!sftp)
        return std::unexpected(sftp.error());
    watchdog.tick();
    auto entries = sftp->list(m_options.remote_dir);
    if (!entries)
        return std::unexpected(entries.error());
    watchdog.tick();
    if (auto recorded = record("sftp.list", m_options.remote_dir, true,
                               {{"entries", std::to_string(entries->size())}});
        !recorded)
        return recorded;
    for (const auto& entry : *entries) {
        auto judgement = judge(entry, m_options, m_ledger, m_now);
        module_logger("fetch")->debug("listed source={} file={} size={} mtime={} verdict={} "
                                      "reason=\"{}\"",
                                      m_options.source, entry.name, entry.size, entry.mtime,
                                      verdict_name(judgement.verdict), judgement.reason);
        if (judgement.verdict == Verdict::Refuse) {
            m_report.refused.push_back(entry.name);
            m_report.reasons.push_back(judgement.reason);
        } else if (judgement.verdict == Verdict::Wait) {
            m_report.waiting.push_back(entry.name);
        } else if (judgement.verdict == Verdict::Take) {
            if (auto downloaded = download(*sftp, entry, watchdog); !downloaded)
                return downloaded;
        }
    }
    return {};
}

Result<void> FetchRun::download(SftpSession& sftp, const RemoteEntry& entry,
                                ReadWatchdog& watchdog) {
    std::string path = remote_path(m_options.remote_dir, entry.name);
    auto part = PartFile::open(m_spool.part_file(entry.name), entry.size, entry.mtime);
    if (!part)
        return std::unexpected(part.error());
    auto file = sftp.open_read(path);
    if (!file)
        return std::unexpected(file.error());
    std::uint64_t start = part->size();
    auto sink = [&](std::string_view bytes) -> Result<void> {
        m_report.bytes += bytes.size();
        return part->append(bytes);
    };
    if (auto read = file->read(start, entry.size, sink, &watchdog, m_options.read_chunk,
                               m_options.read_requests);
        !read)
        return read;
    auto after = sftp.stat(path);
    if (!after)
        return std::unexpected(after.error());
    if (after->size != entry.size || after->mtime != entry.mtime) {
        part->discard();
        m_report.waiting.push_back(entry.name);
        module_logger("fetch")->info("file={} host={} changed during the download: taken later",
                                     entry.name, m_label);
        return {};
    }
    if (part->size() != entry.size)
        return fail(ErrorCode::Io, "download of " + m_label + ":" + path + " gave " +
                                       std::to_string(part->size()) + " bytes, expected " +
                                       std::to_string(entry.size));
    // Record the read before the file becomes visible in ready/; if it cannot be
    // recorded, the file goes back to being a .part (the next run only hashes it).
    auto verified = m_spool.verified_file(entry.name);
    auto sha = part->commit(verified);
    if (!sha)
        return std::unexpected(sha.error());
    if (auto recorded = record("sftp.read", entry.name, true,
                               {{"path", path},
                                {"size", std::to_string(entry.size)},
                                {"sha256", *sha},
                                {"resumed_from", std::to_string(part->resumed_from())}});
        !recorded) {
        std::error_code ignored;
        std::filesystem::rename(verified, m_spool.part_file(entry.name), ignored);
        return recorded;
    }
    std::error_code error;
    std::filesystem::rename(verified, m_spool.ready() / entry.name, error);
    if (error)
        return fail(ErrorCode::Io, "cannot move " + entry.name + " into " +
                                       m_spool.ready().string() + ": " + error.message());
    if (auto synced = fsync_dir(m_spool.ready()); !synced)
        return synced;
    part->forget_source();
    m_report.fetched.push_back(entry.name);
    if (const auto* earlier = m_ledger.find(entry.name)) {
        m_report.resent.push_back(entry.name);
        module_logger("fetch")->warn(
            "file={} source={} re-sent: fetched again (was size={} mtime={}, now size={} "
            "mtime={})",
            entry.name, m_options.source, earlier->size, earlier->mtime, entry.size, entry.mtime);
    }
    m_report.resumed_bytes += part->resumed_from();
    return m_ledger.add(LedgerEntry{entry.name, entry.size, entry.mtime, *sha, m_now});
}

bool retryable(const Error& error) { return error.code == ErrorCode::Io; }

} // namespace

Result<FetchReport> fetch_source(const FetchOptions& options, AuditSink& audit,
                                 std::chrono::system_clock::time_point now) {
    auto spool = prepare_spool(options);
    if (!spool)
        return std::unexpected(spool.error());
    std::mt19937_64 random(std::random_device{}());
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const auto& timing = options.timing;
    unsigned attempts = std::max(1u, timing.attempts);
    // Files, bytes and resumed bytes add up over the attempts; what waits or is refused
    // is judged again from each attempt's listing.
    FetchReport report;
    report.ready_dir = spool->ready();
    for (unsigned attempt = 0;; ++attempt) {
        auto ledger = FetchLedger::open(spool->ledger());
        if (!ledger)
            return std::unexpected(ledger.error());
        report.waiting.clear();
        report.refused.clear();
        report.reasons.clear();
        FetchRun run(options, audit, now, *spool, *ledger, report);
        auto ran = run.run();
        if (ran)
            return report;
        if (!retryable(ran.error()) || run.audit_failed() || attempt + 1 >= attempts)
            return std::unexpected(ran.error());
        auto delay =
            backoff_delay(attempt, timing.backoff_base, timing.backoff_cap, uniform(random));
        module_logger("fetch")->warn("source={} attempt={} error=\"{}\" retry_in_ms={}",
                                     options.source, attempt + 1, ran.error().message,
                                     delay.count());
        timing.sleep(delay);
    }
}

} // namespace aafd::sync
