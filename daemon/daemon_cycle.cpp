// A cycle: fetch -> import set by set -> move applied files -> prune -> maintenance.
#include "daemon/daemon_cycle.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include "daemon/feed_run.hpp"
#include "daemon/person_purge.hpp"
#include "daemon/set_audit.hpp"
#include "sync/import/import_engine.hpp"
#include "sync/import/input_files.hpp"
#include "sync/import/maintenance.hpp"
#include "sync/store/sqlite_account_store.hpp"
#include "sync/store/sqlite_store.hpp"
#include "util/date.hpp"
#include "util/logger.hpp"

namespace aafd::daemon {
namespace {

namespace fs = std::filesystem;
using TimePoint = std::chrono::system_clock::time_point;

std::shared_ptr<spdlog::logger> logger() { return module_logger("daemon"); }

class Cycle {
public:
    Cycle(const CycleParts& parts, TimePoint now) : m_parts(parts), m_now(now) {}

    CycleResult run(const std::vector<std::string>& sources);

private:
    void run_source(sync::Store& store, const config::Source& source);
    void import_ready(sync::Store& store, const config::Source& source, const fs::path& ready);
    bool import_sets(sync::Store& store, const config::Source& source,
                     const std::vector<sync::ExportSet>& sets, std::set<fs::path>& done);
    void file_away(const config::Source& source, const std::vector<fs::path>& entries,
                   const sync::InputFiles& inputs, const std::set<fs::path>& done);
    void maintenance(sync::Store& store);
    void feeds();
    void failed(const Error& error, const std::string& source);
    void alert(const std::string& kind, const std::string& source, const std::string& message);

    const CycleParts& m_parts;
    TimePoint m_now;
    CycleResult m_result;
};

bool mentions_host_key(const std::string& message) {
    std::string lower = message;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find("host key") != std::string::npos;
}

// The files waiting in ready/: regular, not hidden, not partial; sorted.
std::vector<fs::path> ready_entries(const fs::path& ready) {
    std::vector<fs::path> entries;
    std::error_code ec;
    for (fs::directory_iterator it(ready, ec), end; !ec && it != end; it.increment(ec)) {
        auto name = it->path().filename().string();
        if (it->is_regular_file() && !name.starts_with(".") && !sync::is_part_file(name))
            entries.push_back(it->path());
    }
    std::sort(entries.begin(), entries.end());
    return entries;
}

// Whether the export file came from `entry` (the file itself, or an archive entry of it).
bool comes_from(const sync::ExportFile& file, const fs::path& entry) {
    return file.path == entry || file.display_name.starts_with(entry.filename().string() + "/");
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
    if (!m_result.ok)
        alert("cycle_failed", "", m_result.error->message);
    return m_result;
}

void Cycle::run_source(sync::Store& store, const config::Source& source) {
    auto fetched = m_parts.exports.fetch(m_parts.config, source, m_parts.audit, m_now);
    if (!fetched) {
        if (mentions_host_key(fetched.error().message))
            alert("host_key", source.name, fetched.error().message);
        failed(fetched.error(), source.name);
        return;
    }
    m_result.bytes_fetched += fetched->bytes;
    for (const auto& name : fetched->refused)
        logger()->warn("fetch refused source={} file={}", source.name, name);
    if (!m_parts.stop)
        import_ready(store, source, fetched->ready_dir);
}

void Cycle::import_ready(sync::Store& store, const config::Source& source, const fs::path& ready) {
    auto entries = ready_entries(ready);
    if (entries.empty())
        return;
    auto inputs = sync::collect_inputs(entries);
    if (!inputs)
        return failed(inputs.error(), source.name);
    for (const auto& name : inputs->skipped)
        logger()->warn("not an export file, left in the spool source={} file={}", source.name,
                       name);
    auto sets = sync::assemble_sets(inputs->files);
    if (!sets)
        return failed(sets.error(), source.name);
    std::set<fs::path> done;
    import_sets(store, source, *sets, done);
    file_away(source, entries, *inputs, done);
    prune_applied(source_spool(m_parts.config, source.name).applied(),
                  m_parts.config.spool_keep_days, m_now);
}

// Imports the sets in order, stopping at the first refused one (later sets depend on it)
// or when asked to stop. `done` receives the paths of the files of applied sets.
bool Cycle::import_sets(sync::Store& store, const config::Source& source,
                        const std::vector<sync::ExportSet>& sets, std::set<fs::path>& done) {
    const auto& settings = m_parts.config.import;
    sync::ImportOptions options;
    options.source = source.name;
    options.guard_min_count = settings.guard_min_count;
    options.guard_max_percent = settings.guard_max_percent;
    options.read.block_size = settings.block_size;
    options.max_future_days = settings.max_future_days;
    cli::SetAudit recorder(m_parts.audit, source.name);
    options.recorder = &recorder;
    sync::NoProgress progress;
    sync::ImportEngine engine(store, options, m_now, progress);
    for (const auto& set : sets) {
        if (m_parts.stop) {
            m_result.interrupted = true;
            return false;
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
            if (report.error->code == ErrorCode::Guard)
                alert("deletion_guard", source.name, report.error->message);
            failed(*report.error, source.name);
            return false;
        }
        for (const auto& file : set.files)
            done.insert(file.path);
        if (std::find(m_result.arrived.begin(), m_result.arrived.end(), source.name) ==
            m_result.arrived.end())
            m_result.arrived.push_back(source.name);
    }
    return true;
}

// Moves each ready entry all of whose export files were applied to applied/<today>/.
void Cycle::file_away(const config::Source& source, const std::vector<fs::path>& entries,
                      const sync::InputFiles& inputs, const std::set<fs::path>& done) {
    auto target = source_spool(m_parts.config, source.name).applied_on(utc_date(m_now));
    for (const auto& entry : entries) {
        bool any = false;
        bool all = true;
        for (const auto& file : inputs.files) {
            if (!comes_from(file, entry))
                continue;
            any = true;
            all = all && done.contains(file.path);
        }
        if (!any || !all)
            continue;
        std::error_code ec;
        fs::create_directories(target, ec);
        if (!ec)
            fs::rename(entry, target / entry.filename(), ec);
        if (ec)
            failed(Error{ErrorCode::Io, "cannot move " + entry.string() + " to " + target.string() +
                                            ": " + ec.message()},
                   source.name);
    }
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
    for (const auto& outcome : report->providers) {
        logger()->info("feed provider={} phase={} lines={} batches={}", outcome.provider,
                       sync::convention_phase_name(outcome.phase), outcome.lines_built,
                       outcome.delivered.size());
        if (outcome.error) {
            alert("feed_failed", outcome.provider, outcome.error->message);
            failed(*outcome.error, ""); // the message already names the provider
        }
    }
}

void Cycle::failed(const Error& error, const std::string& source) {
    logger()->error("cycle step failed source={} error=\"{}\"", source, error.message);
    if (m_result.ok)
        m_result.error = source.empty() ? error : Error{error.code, source + ": " + error.message};
    m_result.ok = false;
}

void Cycle::alert(const std::string& kind, const std::string& source, const std::string& message) {
    m_parts.alerts.send({kind, source, message, to_iso_timestamp(m_now)});
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
