// The import pipeline: sets -> checks -> per file, per block: diff -> apply -> absences
// -> guard -> commit (or roll back).
#include "sync/import/import_engine.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>

#include "sync/import/apply.hpp"
#include "sync/import/block_pipeline.hpp"
#include "sync/import/diff.hpp"
#include "sync/import/input_files.hpp"
#include "sync/import/set_guards.hpp"
#include "util/logger.hpp"
#include "util/sha256.hpp"

namespace aafd::sync {
namespace {

std::shared_ptr<spdlog::logger> logger() { return module_logger("import"); }

// Counts the bytes a source hands out into a counter the whole set shares, for progress.
class CountingSource final : public ByteSource {
public:
    CountingSource(std::unique_ptr<ByteSource> inner, std::atomic<std::uint64_t>& count)
        : m_inner(std::move(inner)), m_count(count) {}
    Result<std::size_t> read(std::span<char> buffer) override {
        auto n = m_inner->read(buffer);
        if (n)
            m_count += *n;
        return n;
    }

private:
    std::unique_ptr<ByteSource> m_inner;
    std::atomic<std::uint64_t>& m_count; // written by the reader thread
};

Result<std::string> file_sha256(const std::filesystem::path& path) {
    auto source = open_file_source(path);
    if (!source)
        return std::unexpected(source.error());
    Sha256 hasher;
    std::vector<char> buffer(1 << 20);
    while (true) {
        auto n = (*source)->read(buffer);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return hasher.hex_digest();
        hasher.update({buffer.data(), *n});
    }
}

bool stop_asked(const ImportOptions& options) {
    return options.stop != nullptr && options.stop->load();
}

// One set's import, inside one transaction.
class SetImport final : public FilesSink {
public:
    SetImport(Store& store, const ImportOptions& options, const ExportSet& set, SetReport& report,
              std::chrono::system_clock::time_point now, ProgressListener& progress)
        : m_store(store), m_options(options), m_set(set),
          m_report(report), m_context{options.source, set.flow, set.kind}, m_progress(progress) {
        m_apply.at = to_iso_timestamp(now);
        m_apply.today = to_iso(utc_date(now));
    }

    Result<void> run();
    Result<void> on_metadata(const FileMetadata& metadata) override;
    Result<void> on_block(RecordBlock& block) override;
    Result<void> on_prepared_block(RecordBlock& block, std::vector<PreparedRecord>& prepared,
                                   Leftovers& leftovers) override;
    Result<void> on_file_start(std::size_t index) override;
    Result<void> on_file_end(std::size_t index, const FileSummary& summary) override;

private:
    Result<std::uint64_t> active_before(Category category, const SetCounts& counts);
    Result<bool> first_of_its_flow();
    Result<void> read_files(bool first_of_flow);
    Result<void> absences();
    Result<bool> everyone_seen(Category category);
    Result<void> apply(const ChangeSet& changes);
    Result<void> check_guard();
    Result<void> dangling_references();
    void report_progress();

    Store& m_store;
    const ImportOptions& m_options;
    const ExportSet& m_set;
    SetReport& m_report;
    DiffContext m_context;
    ApplyContext m_apply;
    ProgressListener& m_progress;
    SeenSet m_seen;
    std::vector<SetFile> m_files;
    const ExportFile* m_file = nullptr;
    std::atomic<std::uint64_t> m_bytes_read = 0;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

// How many objects of `category` were active before this set, as far as the deletion guard
// needs: counted now (inside the set's transaction) and corrected by what the set did. The
// count stops once the guard is sure to pass (more active objects than the vanishing ones
// over guard_max_percent): a count of the whole category (an index range) was most of a
// 1 % delta's time at 1M pupils, for a delta makes more than guard_min_count of every
// category disappear.
Result<std::uint64_t> SetImport::active_before(Category category, const SetCounts& counts) {
    constexpr double k_all = 1e18; // no share passes: count them all
    double passing = m_options.guard_max_percent > 0.0
                         ? std::min(k_all, std::ceil(static_cast<double>(counts.disappeared) *
                                                     100.0 / m_options.guard_max_percent))
                         : k_all;
    auto enough = static_cast<std::uint64_t>(passing) + counts.created + counts.restored + 1;
    auto now =
        m_store.count_in_state(m_options.source, m_set.flow, category, State::Active, enough);
    if (!now)
        return std::unexpected(now.error());
    return *now + counts.disappeared - counts.created - counts.restored;
}

Result<void> SetImport::on_metadata(const FileMetadata& metadata) {
    auto degre = metadata.comments.find("degre");
    if (degre != metadata.comments.end() && flow_from_name(degre->second) &&
        *flow_from_name(degre->second) != m_set.flow)
        ++m_report.warnings[m_file->display_name + ": degre=\"" + degre->second + "\" in a " +
                            std::string(flow_name(m_set.flow)) + " set"];
    return {};
}

Result<void> SetImport::on_block(RecordBlock& block) {
    std::vector<PreparedRecord> none;
    Leftovers freed_here;
    return on_prepared_block(block, none, freed_here);
}

Result<void> SetImport::on_prepared_block(RecordBlock& block, std::vector<PreparedRecord>& prepared,
                                          Leftovers& leftovers) {
    if (stop_asked(m_options) && !block.records().empty())
        return fail(ErrorCode::Interrupted,
                    "import interrupted in " + m_file->display_name + " before line " +
                        std::to_string(block.records().front().line) + ": set " + m_set.label() +
                        " rolled back, nothing of it applied");
    for (const auto& record : block.records())
        if (record.category != m_file->name.category)
            return fail(ErrorCode::BadInput,
                        m_file->display_name + ":" + std::to_string(record.line) + ": record " +
                            std::string(record.id) + ": a " +
                            std::string(category_name(record.category)) + " record in a " +
                            std::string(file_token(m_file->name.category)) + " file");
    m_context.file = m_file->display_name;
    m_context.seen = &m_seen;
    auto changes = diff_block(m_store, block.records(), m_context, prepared);
    if (!changes)
        return with_context(changes.error(), m_file->display_name);
    auto applied = apply(*changes);
    leftovers.add(std::move(*changes));
    if (!applied)
        return with_context(applied.error(), m_file->display_name);
    report_progress();
    return {};
}

Result<void> SetImport::apply(const ChangeSet& changes) {
    auto created = apply_changes(m_store, changes, m_apply);
    if (!created)
        return std::unexpected(created.error());
    for (auto rowid : changes.unchanged)
        m_seen.mark(rowid);
    for (auto rowid : *created)
        m_seen.mark(rowid);
    for (const auto& change : changes.changes) {
        if (change.rowid)
            m_seen.mark(change.rowid);
        if (m_report.sample.size() < m_options.sample_size)
            m_report.sample.push_back(describe(change));
    }
    for (const auto& [category, counts] : changes.counts)
        add_counts(m_report.counts[category], counts);
    for (const auto& [message, count] : changes.warnings)
        m_report.warnings[message] += count;
    return {};
}

void SetImport::report_progress() {
    std::uint64_t records = 0;
    for (const auto& [category, counts] : m_report.counts)
        records += counts.records;
    m_progress.on_progress({m_set.label(), m_file->display_name, records, m_bytes_read.load(),
                            m_report.bytes, std::chrono::steady_clock::now() - m_started});
}

// Whether no set of this source and flow was applied before (asked before this one is
// recorded): then every record is new, and the reader thread makes what the store will
// keep of it (canonical attributes, JSON, entity), which would only be wasted on records
// found unchanged.
Result<bool> SetImport::first_of_its_flow() {
    for (SetKind kind : {SetKind::Full, SetKind::Delta}) {
        auto last = m_store.last_set(m_options.source, m_set.flow, kind);
        if (!last)
            return std::unexpected(last.error());
        if (*last)
            return false;
    }
    return true;
}

Result<void> SetImport::read_files(bool first_of_flow) {
    BlockPreparer prepare;
    if (first_of_flow)
        prepare = [](const RecordBlock& block) { return prepare_records(block.records()); };
    std::vector<PipelineInput> inputs;
    for (const auto& file : m_set.files)
        inputs.push_back(
            {file.display_name, [this, &file]() -> Result<std::unique_ptr<ByteSource>> {
                 auto opened = open_file_source(file.path);
                 if (!opened)
                     return std::unexpected(opened.error());
                 return std::make_unique<CountingSource>(std::move(*opened), m_bytes_read);
             }});
    return read_exports_pipelined(inputs, *this, m_options.read, prepare);
}

Result<void> SetImport::on_file_start(std::size_t index) {
    m_file = &m_set.files[index];
    return {};
}

Result<void> SetImport::on_file_end(std::size_t index, const FileSummary& summary) {
    const ExportFile& file = m_set.files[index];
    m_files.push_back({file.path.filename().string(), summary.bytes, summary.sha256,
                       file.name.category, file.name.chunk, summary.records});
    return {};
}

// Whether every active object of `category` was seen by the set, so that no scan for
// absences is needed: the active count (an index count) equals what the set saw active.
// A key met twice makes the sums differ and the scan happen: never a wrong skip. The first
// set of its flow found nothing stored: every object active now, it created (the count
// would take seconds at 1M pupils).
Result<bool> SetImport::everyone_seen(Category category) {
    if (m_report.prepared_ahead)
        return true;
    const SetCounts& c = m_report.counts[category];
    std::uint64_t seen = c.unchanged + c.updated + c.created + c.restored;
    auto active =
        m_store.count_in_state(m_options.source, m_set.flow, category, State::Active, seen + 1);
    if (!active)
        return std::unexpected(active.error());
    return *active == seen;
}

Result<void> SetImport::absences() {
    if (m_set.kind != SetKind::Full)
        return {};
    for (Category category : m_set.categories) {
        bool has_gap = std::any_of(m_set.gaps.begin(), m_set.gaps.end(), [&](const auto& gap) {
            return gap.find(" " + std::string(file_token(category)) + ":") != std::string::npos;
        });
        if (has_gap) {
            ++m_report.warnings["absences not judged for " + std::string(category_name(category)) +
                                ": chunks are missing"];
            continue;
        }
        auto all_seen = everyone_seen(category);
        if (!all_seen)
            return std::unexpected(all_seen.error());
        if (*all_seen)
            continue;
        std::vector<ActiveObject> active;
        auto listed = m_store.for_each_in_state(
            m_options.source, m_set.flow, category, State::Active,
            [&](std::int64_t rowid, const std::string& id, const std::string&) {
                if (!m_seen.contains(rowid))
                    active.push_back({rowid, id});
            });
        if (!listed)
            return listed;
        if (auto done =
                apply(diff_absences(m_options.source, m_set.flow, category, active, m_seen));
            !done)
            return done;
    }
    return {};
}

Result<void> SetImport::check_guard() {
    if (m_options.allow_mass_deletion)
        return {};
    for (const auto& [category, counts] : m_report.counts) {
        if (counts.disappeared <= m_options.guard_min_count)
            continue;
        auto before = active_before(category, counts);
        if (!before)
            return std::unexpected(before.error());
        auto done = check_deletions(m_set.label(), category, counts.disappeared, *before,
                                    {m_options.guard_min_count, m_options.guard_max_percent});
        if (!done)
            return done;
    }
    return {};
}

Result<void> SetImport::dangling_references() {
    auto dangling = m_store.count_dangling(m_apply.set_id);
    if (!dangling)
        return std::unexpected(dangling.error());
    for (const auto& [kind, count] : *dangling)
        m_report.warnings[kind + " references to objects not in the store (kept; resolved "
                                 "when they arrive)"] += count;
    return {};
}

Result<void> SetImport::run() {
    AppliedSet header{0,  m_options.source, m_set.flow,          m_set.kind, m_set.date, m_apply.at,
                      "", m_options.force,  !m_set.gaps.empty(), {},         0,          {}};
    auto first = first_of_its_flow();
    if (!first)
        return std::unexpected(first.error());
    m_report.prepared_ahead = *first;
    m_apply.relatives_follow = !*first;
    auto set_id = m_store.begin_set(header);
    if (!set_id)
        return std::unexpected(set_id.error());
    m_apply.set_id = *set_id;
    m_report.set_id = *set_id;
    if (auto done = read_files(*first); !done)
        return done;
    if (auto done = absences(); !done)
        return done;
    if (auto done = check_guard(); !done)
        return done;
    if (auto done = dangling_references(); !done)
        return done;
    header.id = *set_id;
    header.digest = set_digest(m_files);
    header.files = m_files;
    header.counts = total(m_report.counts);
    for (const auto& [message, count] : m_report.warnings)
        header.counts.warnings += count;
    header.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - m_started)
                             .count();
    return m_store.finish_set(header);
}

} // namespace

std::string_view set_outcome_name(SetOutcome outcome) {
    static constexpr std::array<std::string_view, 4> k_names{"applied", "dry-run",
                                                             "already applied", "failed"};
    return k_names[static_cast<std::size_t>(outcome)];
}

ImportEngine::ImportEngine(Store& store, ImportOptions options,
                           std::chrono::system_clock::time_point now, ProgressListener& progress)
    : m_store(store), m_options(std::move(options)), m_now(now), m_progress(progress) {}

ImportReport ImportEngine::run(const std::vector<std::filesystem::path>& paths) {
    ImportReport report;
    auto inputs = collect_inputs(paths, m_options.archives);
    if (!inputs) {
        report.error = inputs.error();
        return report;
    }
    auto sets = assemble_sets(std::move(inputs->files));
    if (!sets) {
        report.error = sets.error();
        return report;
    }
    report = run_sets(*sets);
    report.skipped = std::move(inputs->skipped);
    return report;
}

namespace {

// The applied set this one repeats byte for byte, if any.
Result<std::optional<AppliedSet>> find_repeat(Store& store, const std::string& source,
                                              const ExportSet& set) {
    auto candidates = store.sets_on(source, set.flow, set.kind, set.date);
    if (!candidates)
        return std::unexpected(candidates.error());
    for (auto& applied : *candidates) {
        if (!has_same_files(set, applied))
            continue;
        std::vector<SetFile> files;
        for (const auto& file : set.files) {
            auto digest = file_sha256(file.path);
            if (!digest)
                return std::unexpected(digest.error());
            files.push_back({file.path.filename().string(), file.size, *digest, file.name.category,
                             file.name.chunk, 0});
        }
        if (set_digest(files) == applied.digest)
            return std::optional<AppliedSet>{std::move(applied)};
    }
    return std::optional<AppliedSet>{};
}

Result<void> check_set_order(Store& store, const std::string& source, const ExportSet& set) {
    SetKind other = set.kind == SetKind::Full ? SetKind::Delta : SetKind::Full;
    auto same = store.last_set(source, set.flow, set.kind);
    if (!same)
        return std::unexpected(same.error());
    auto different = store.last_set(source, set.flow, other);
    if (!different)
        return std::unexpected(different.error());
    return check_order(set, *same, *different);
}

void warn_if_far_from_today(const ExportSet& set, std::chrono::system_clock::time_point now,
                            unsigned limit_days, SetReport& report) {
    auto days =
        (std::chrono::sys_days{set.date} - std::chrono::floor<std::chrono::days>(now)).count();
    if (days > 1 || -days > static_cast<long>(limit_days))
        ++report.warnings["set dated " + to_iso(set.date) + ", " +
                          std::to_string(days < 0 ? -days : days) + " days " +
                          (days < 0 ? "before" : "after") + " today"];
}

std::string incomplete_message(const ExportSet& set) {
    std::string message = "set " + set.label() + " is incomplete:";
    for (const auto& gap : set.gaps)
        message += " " + gap + ";";
    return message + " not applied (use --allow-incomplete to apply it anyway)";
}

// A set dated in the future would stay the newest of its flow and refuse every later
// set: one dated more than `max_future_days` after today is refused.
Result<void> check_not_future(const ExportSet& set, std::chrono::system_clock::time_point now,
                              unsigned max_future_days) {
    auto days =
        (std::chrono::sys_days{set.date} - std::chrono::floor<std::chrono::days>(now)).count();
    if (days <= static_cast<long>(max_future_days))
        return {};
    return fail(ErrorCode::BadInput,
                set.files.front().display_name + ": set " + set.label() + " is dated " +
                    to_iso(set.date) + ", " + std::to_string(days) +
                    " days after today (more than [import] max_future_days = " +
                    std::to_string(max_future_days) + "); not applied");
}

} // namespace

// Whether the set is to be applied: false when it repeats an applied set (the report says
// which); an error when it is incomplete, dated too far ahead or older than the last
// applied one. Asked inside the set's transaction, under the store's write lock. A repeat
// is recognised first: a set applied with --allow-incomplete, seen again in the spool, is
// already applied, not refused as incomplete.
Result<bool> ImportEngine::judge(const ExportSet& set, SetReport& report) {
    auto repeat = find_repeat(m_store, m_options.source, set);
    if (!repeat)
        return std::unexpected(repeat.error());
    if (*repeat) {
        report.outcome = SetOutcome::AlreadyApplied;
        report.set_id = (*repeat)->id;
        return false;
    }
    if (!set.gaps.empty() && !m_options.allow_incomplete)
        return fail(ErrorCode::IncompleteSet, incomplete_message(set));
    if (auto dated = check_not_future(set, m_now, m_options.max_future_days); !dated)
        return std::unexpected(dated.error());
    if (!m_options.force)
        if (auto ordered = check_set_order(m_store, m_options.source, set); !ordered)
            return std::unexpected(ordered.error());
    return true;
}

// Records the applied set, then commits it: a set that cannot be recorded is not applied.
Result<void> ImportEngine::commit(SetReport& report) {
    report.outcome = SetOutcome::Applied;
    if (m_options.recorder)
        if (auto recorded = m_options.recorder->record(report, std::nullopt); !recorded) {
            m_store.rollback();
            report.outcome = SetOutcome::Failed;
            return fail(ErrorCode::Io, "set " + report.label +
                                           " not applied: its audit record cannot be written: " +
                                           recorded.error().message);
        }
    if (auto committed = m_store.commit(); !committed) {
        m_store.rollback();
        report.outcome = SetOutcome::Failed;
        return committed;
    }
    return {};
}

Result<void> ImportEngine::import_set(const ExportSet& set, SetReport& report) {
    for (const auto& file : set.files)
        report.bytes += file.size;
    warn_if_far_from_today(set, m_now, m_options.stale_warning_days, report);
    auto writing = m_store.begin_for_set(m_options.source, set.flow, report.bytes);
    if (!writing)
        return std::unexpected(writing.error());
    report.writing = *writing;
    auto to_apply = judge(set, report);
    if (!to_apply || !*to_apply) {
        m_store.rollback();
        report.writing = {};
        return to_apply ? Result<void>{} : std::unexpected(to_apply.error());
    }
    SetImport import(m_store, m_options, set, report, m_now, m_progress);
    auto done = import.run();
    if (!done || m_options.dry_run) {
        m_store.rollback();
        report.outcome = done ? SetOutcome::DryRun : SetOutcome::Failed;
        return done;
    }
    return commit(report);
}

ImportReport ImportEngine::run_sets(const std::vector<ExportSet>& sets) {
    ImportReport report;
    for (const auto& set : sets) {
        SetReport& set_report = report.sets.emplace_back();
        set_report.label = set.label();
        set_report.flow = set.flow;
        set_report.kind = set.kind;
        set_report.date = set.date;
        set_report.files = set.files.size();
        set_report.gaps = set.gaps;
        auto started = std::chrono::steady_clock::now();
        auto done = stop_asked(m_options) ? fail(ErrorCode::Interrupted,
                                                 "import interrupted before set " + set.label())
                                          : import_set(set, set_report);
        m_progress.on_set_end();
        if (!done)
            set_report.outcome = SetOutcome::Failed;
        if (set_report.outcome != SetOutcome::Applied && m_options.recorder)
            if (auto recorded = m_options.recorder->record(
                    set_report, done ? std::nullopt : std::optional<Error>(done.error()));
                !recorded && done)
                done = with_context(recorded.error(),
                                    "set " + set_report.label + " was " +
                                        std::string(set_outcome_name(set_report.outcome)) +
                                        " but not audited");
        set_report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        if (!done) {
            logger()->error("set refused set=\"{}\" reason=\"{}\"", set_report.label,
                            done.error().message);
            report.error = done.error();
            return report;
        }
        auto counts = total(set_report.counts);
        logger()->info(
            "set {} set=\"{}\" id={} records={} created={} updated={} unchanged={} "
            "restored={} disappeared={} indexed_at_end={} rollback_journal={} duration_ms={}",
            set_outcome_name(set_report.outcome), set_report.label, set_report.set_id,
            counts.records, counts.created, counts.updated, counts.unchanged, counts.restored,
            counts.disappeared, set_report.writing.indexed_at_end,
            set_report.writing.rollback_journal, set_report.duration.count());
    }
    return report;
}

} // namespace aafd::sync
