// A cycle: fetch -> import set by set -> move applied files -> prune -> maintenance.
#include "daemon/daemon_cycle.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include "daemon/audit_anchor.hpp"
#include "daemon/feed_run.hpp"
#include "daemon/person_purge.hpp"
#include "daemon/set_audit.hpp"
#include "daemon/spool_sets.hpp"
#include "sync/import/import_engine.hpp"
#include "sync/import/input_files.hpp"
#include "sync/import/maintenance.hpp"
#include "sync/store/sqlite_account_store.hpp"
#include "sync/store/sqlite_store.hpp"
#include "util/date.hpp"
#include "util/file.hpp"
#include "util/logger.hpp"

namespace aafd::daemon {
namespace {

namespace fs = std::filesystem;
using TimePoint = std::chrono::system_clock::time_point;

std::shared_ptr<spdlog::logger> logger() { return module_logger("daemon"); }

class Cycle {
public:
    Cycle(const CycleParts& parts, TimePoint now) : m_parts(parts), m_now(now) {
        m_result.refusals = parts.refusals;
    }

    CycleResult run(const std::vector<std::string>& sources);

private:
    void run_source(sync::Store& store, const config::Source& source);
    void summarize(const std::string& source, const FetchResult& fetched,
                   std::uint64_t sets_applied, const std::string& outcome);
    void import_ready(sync::Store& store, const config::Source& source);
    struct Refusal {
        std::string set;
        Error error;
        std::string kind;
    };
    std::optional<Refusal> import_sets(sync::Store& store, const config::Source& source,
                                       const std::vector<sync::ExportSet>& sets,
                                       std::set<fs::path>& done);
    bool held_back(const std::string& source, const std::string& fingerprint);
    void refused(const std::string& source, const std::string& fingerprint, const std::string& set,
                 const Error& error, const std::string& kind = "source_failed");
    void file_away(const config::Source& source, const std::vector<fs::path>& entries,
                   const sync::InputFiles& inputs, const std::set<fs::path>& done);
    void maintenance(sync::Store& store);
    void feeds();
    // A failure the cycle reports: the first one is the cycle's error.
    void record_failure(const Error& error, const std::string& source);
    // A failure of the cycle itself (store, maintenance, moving files): cycle_failed.
    void failed(const Error& error, const std::string& source);
    // A source's fetch or import that failed: alerted as `kind`, naming the source.
    void source_failed(const Error& error, const std::string& source,
                       const std::string& kind = "source_failed");
    std::string event_time() const;
    void alert(const std::string& kind, const std::string& source, const std::string& message);

    const CycleParts& m_parts;
    TimePoint m_now;
    CycleResult m_result;
    std::optional<Error> m_cycle_error; // the first failure no source or provider alert covers
    bool m_held = false;                // the source's ready files are held back
};

bool mentions_host_key(const std::string& message) {
    std::string lower = message;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find("host key") != std::string::npos;
}

CycleResult Cycle::run(const std::vector<std::string>& sources) {
    auto store = sync::open_sqlite_store(m_parts.config.store_path.string());
    if (!store) {
        failed(store.error(), "");
        return m_result;
    }
    for (const auto& source : m_parts.config.sources) {
        if (m_parts.stop) {
            m_result.interrupted = true;
            break;
        }
        if (sources.empty() ||
            std::find(sources.begin(), sources.end(), source.name) != sources.end())
            run_source(**store, source);
    }
    if (!m_parts.stop)
        maintenance(**store);
    if (!m_parts.stop)
        feeds();
    m_result.scope.whole = !m_parts.stop && !m_result.interrupted;
    if (m_cycle_error)
        alert("cycle_failed", "", m_cycle_error->message);
    return m_result;
}

void Cycle::run_source(sync::Store& store, const config::Source& source) {
    m_result.scope.sources.insert(source.name);
    auto fetched = m_parts.exports.fetch(m_parts.config, source, m_parts.audit, m_now);
    if (!fetched) {
        bool host_key = mentions_host_key(fetched.error().message);
        source_failed(fetched.error(), source.name, host_key ? "host_key" : "source_failed");
        logger()->info("source={} outcome=failed step=fetch", source.name);
        return;
    }
    m_result.bytes_fetched += fetched->bytes;
    for (const auto& name : fetched->fetched)
        logger()->debug("fetched source={} file={}", source.name, name);
    for (const auto& name : fetched->waiting)
        logger()->debug("waiting source={} file={} reason=\"modified within the settle time\"",
                        source.name, name);
    for (const auto& name : fetched->refused)
        logger()->warn("fetch refused source={} file={}", source.name, name);
    auto sets_before = m_result.sets_applied;
    bool ok_before = m_result.ok;
    m_held = false;
    if (!m_parts.stop)
        import_ready(store, source);
    std::string outcome = ok_before && !m_result.ok ? "failed" : m_held ? "held" : "ok";
    summarize(source.name, *fetched, m_result.sets_applied - sets_before, outcome);
}

// The one info line a source gets each cycle, even when nothing came.
void Cycle::summarize(const std::string& source, const FetchResult& fetched,
                      std::uint64_t sets_applied, const std::string& outcome) {
    if (fetched.fetched.empty() && sets_applied == 0 && outcome == "ok") {
        logger()->info("source={} no new file waiting={} refused={}", source,
                       fetched.waiting.size(), fetched.refused.size());
        return;
    }
    logger()->info("source={} fetched={} resent={} waiting={} refused={} sets_applied={} "
                   "outcome={}",
                   source, fetched.fetched.size(), fetched.resent.size(), fetched.waiting.size(),
                   fetched.refused.size(), sets_applied, outcome);
}

// Whether ready/ is as it was when its set was refused for good: the refusal's alert
// is raised again (it stays open) and the files are left for an operator.
bool Cycle::held_back(const std::string& source, const std::string& fingerprint) {
    auto known = m_result.refusals.find(source);
    if (known == m_result.refusals.end())
        return false;
    if (known->second.fingerprint != fingerprint) {
        logger()->info("source={} ready files changed since the refusal of set=\"{}\": "
                       "trying again",
                       source, known->second.set);
        m_result.refusals.erase(known);
        return false;
    }
    const auto& refusal = known->second;
    logger()->info("source={} set=\"{}\" refused since {}, left for an operator (aafd spool "
                   "list) reason=\"{}\"",
                   source, refusal.set, refusal.since, refusal.reason);
    alert(refusal.kind, source, refusal.reason);
    m_held = true;
    return true;
}

// A failure of the source's ready files: remembered when retrying cannot change it.
void Cycle::refused(const std::string& source, const std::string& fingerprint,
                    const std::string& set, const Error& error, const std::string& kind) {
    source_failed(error, source, kind);
    if (lasting_refusal(error.code))
        m_result.refusals[source] = {fingerprint, set, kind, error.message, event_time()};
}

void Cycle::import_ready(sync::Store& store, const config::Source& source) {
    auto spool = source_spool(m_parts.config, source.name);
    auto entries = spool.ready_files();
    logger()->debug("ready source={} files={} folder={}", source.name, entries.size(),
                    spool.ready().string());
    auto fingerprint = ready_fingerprint(entries);
    if (entries.empty()) {
        m_result.refusals.erase(source.name);
        return;
    }
    if (held_back(source.name, fingerprint))
        return;
    auto read = read_spool_sets(spool, {m_parts.config.import.max_expanded_bytes});
    if (!read)
        return refused(source.name, fingerprint, "", read.error());
    for (const auto& name : read->inputs.skipped)
        logger()->warn("not an export file, left in the spool source={} file={}", source.name,
                       name);
    for (const auto& set : read->sets)
        logger()->debug("set found source={} set=\"{}\" files={}", source.name, set.label(),
                        set.files.size());
    std::set<fs::path> done;
    auto refusal = import_sets(store, source, read->sets, done);
    file_away(source, read->entries, read->inputs, done);
    if (refusal) // remembered with what stays in ready/
        refused(source.name, ready_fingerprint(spool.ready_files()), refusal->set, refusal->error,
                refusal->kind);
    prune_applied(spool.applied(), m_parts.config.spool_keep_days, m_now);
}

// Imports the sets in order, stopping at the first refused one (later sets depend on it)
// or when asked to stop. `done` receives the paths of the files of applied sets. The
// refused set, if any.
std::optional<Cycle::Refusal> Cycle::import_sets(sync::Store& store, const config::Source& source,
                                                 const std::vector<sync::ExportSet>& sets,
                                                 std::set<fs::path>& done) {
    const auto& settings = m_parts.config.import;
    sync::ImportOptions options;
    options.source = source.name;
    options.guard_min_count = settings.guard_min_count;
    options.guard_max_percent = settings.guard_max_percent;
    options.read.block_size = settings.block_size;
    options.max_future_days = settings.max_future_days;
    options.archives.max_expanded_bytes = settings.max_expanded_bytes;
    cli::SetAudit recorder(m_parts.audit, source.name);
    options.recorder = &recorder;
    sync::NoProgress progress;
    sync::ImportEngine engine(store, options, m_now, progress);
    for (const auto& set : sets) {
        if (m_parts.stop) {
            m_result.interrupted = true;
            return std::nullopt;
        }
        if (std::find(source.flows.begin(), source.flows.end(), flow_name(set.flow)) ==
            source.flows.end()) {
            // Not taken by this site: filed away with the applied sets, never imported.
            logger()->info("set source={} set=\"{}\" outcome=skipped reason=\"flow not in "
                           "[[source]] flows\"",
                           source.name, set.label());
            for (const auto& file : set.files)
                done.insert(file.path);
            continue;
        }
        auto report = engine.run_sets({set});
        if (auto anchored = cli::anchor_applied_sets(m_parts.config.store_path,
                                                     m_parts.config.audit.dir, report.sets, m_now);
            !anchored)
            failed(anchored.error(), source.name);
        for (const auto& applied : report.sets) {
            if (applied.outcome == sync::SetOutcome::Applied) {
                ++m_result.sets_applied;
                for (const auto& [category, counts] : applied.counts)
                    m_result.records_applied += counts.records;
            }
            logger()->info("set source={} set=\"{}\" outcome={}", source.name, applied.label,
                           sync::set_outcome_name(applied.outcome));
        }
        if (report.error) {
            bool guard = report.error->code == ErrorCode::Guard;
            return Refusal{set.label(), *report.error, guard ? "deletion_guard" : "source_failed"};
        }
        for (const auto& file : set.files)
            done.insert(file.path);
        if (std::find(m_result.arrived.begin(), m_result.arrived.end(), source.name) ==
            m_result.arrived.end())
            m_result.arrived.push_back(source.name);
    }
    return std::nullopt;
}

// Moves each ready entry all of whose export files were applied to applied/<today>/.
void Cycle::file_away(const config::Source& source, const std::vector<fs::path>& entries,
                      const sync::InputFiles& inputs, const std::set<fs::path>& done) {
    auto target = source_spool(m_parts.config, source.name).applied_on(utc_date(m_now));
    auto applied = entries_done(entries, inputs, done);
    if (applied.empty())
        return;
    if (auto moved = move_entries(applied, target); !moved)
        failed(moved.error(), source.name);
}

void Cycle::maintenance(sync::Store& store) {
    sync::MaintenanceOptions options{m_parts.config.import.grace_days, false};
    auto report = sync::run_maintenance(store, options, m_now);
    if (!report)
        return failed(report.error(), "");
    std::uint64_t total = 0;
    for (const auto& [category, count] : report->deleted)
        total += count;
    logger()->info("maintenance deleted={} cutoff={}", total, report->cutoff);
}

// Purge, provisioning and every provider's feed, on the accounts side of the store.
void Cycle::feeds() {
    auto accounts = sync::SqliteAccountStore::open(m_parts.config.store_path.string());
    if (!accounts)
        return failed(accounts.error(), "");
    if (auto purged = purge_people(m_parts.config, **accounts, m_parts.audit, m_now); !purged)
        return failed(purged.error(), "");
    auto report = run_feeds(m_parts.config, **accounts, m_parts.audit, m_now);
    if (!report)
        return failed(report.error(), "");
    m_result.scope.feeds = true;
    for (const auto& outcome : report->providers) {
        logger()->info("feed provider={} phase={} lines={} batches={}", outcome.provider,
                       sync::convention_phase_name(outcome.phase), outcome.lines_built,
                       outcome.delivered.size());
        if (outcome.error) {
            m_parts.alerts.send(
                {"feed_failed", "", outcome.error->message, event_time(), outcome.provider});
            record_failure(*outcome.error, ""); // the message already names the provider
        }
    }
}

void Cycle::record_failure(const Error& error, const std::string& source) {
    logger()->error("cycle step failed source={} error=\"{}\"", source, error.message);
    if (m_result.ok)
        m_result.error = source.empty() ? error : Error{error.code, source + ": " + error.message};
    m_result.ok = false;
}

void Cycle::failed(const Error& error, const std::string& source) {
    record_failure(error, source);
    if (!m_cycle_error)
        m_cycle_error = source.empty() ? error : Error{error.code, source + ": " + error.message};
}

void Cycle::source_failed(const Error& error, const std::string& source, const std::string& kind) {
    record_failure(error, source);
    alert(kind, source, error.message);
}

std::string Cycle::event_time() const { return to_iso_timestamp(m_parts.clock()); }

void Cycle::alert(const std::string& kind, const std::string& source, const std::string& message) {
    m_parts.alerts.send({kind, source, message, event_time()});
}

} // namespace

CycleResult run_cycle(const CycleParts& parts, const std::vector<std::string>& sources,
                      TimePoint now) {
    return Cycle(parts, now).run(sources);
}

void prune_applied(const fs::path& applied_dir, unsigned keep_days, TimePoint now) {
    auto oldest_kept = utc_date(now - std::chrono::days(keep_days));
    std::error_code ec;
    std::vector<fs::path> old;
    for (fs::directory_iterator it(applied_dir, ec), end; !ec && it != end; it.increment(ec)) {
        auto date = parse_iso_date(it->path().filename().string());
        if (it->is_directory() && date && *date < oldest_kept)
            old.push_back(it->path());
    }
    for (const auto& folder : old) {
        fs::remove_all(folder, ec);
        if (ec)
            logger()->warn("cannot prune folder={} error=\"{}\"", folder.string(), ec.message());
        else
            logger()->info("pruned folder={}", folder.string());
    }
}

} // namespace aafd::daemon
