// Imports export files into the store, set by set, each in one transaction: assembles
// the sets, checks them (complete, newer than the last applied, not already applied),
// streams each file block by block through diff and apply, judges absences in full
// sets, and refuses a set whose deletions trip the guard. After any error nothing of
// that set is in the store; sets applied before it stay. A set is judged (newer than the
// last applied, not already applied) once its import holds the store's write lock, so
// that two imports at once are serialised and the second judged against what the first
// applied.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/export_reader.hpp"
#include "sync/core/change_set.hpp"
#include "sync/core/progress.hpp"
#include "sync/core/store.hpp"
#include "sync/import/input_files.hpp"
#include "sync/import/set_assembly.hpp"

namespace aafd::sync {

struct SetReport;

// Where each set's outcome is recorded (daemon/ writes it to the audit trail). An applied
// set is recorded before its transaction commits: a record that cannot be written leaves
// the set unapplied and stops the import (fail closed). Other outcomes are recorded
// after the set; `error` is the set's, when it failed.
class SetRecorder {
public:
    virtual ~SetRecorder() = default;
    virtual Result<void> record(const SetReport& set, const std::optional<Error>& error) = 0;
};

struct ImportOptions {
    std::string source;
    bool dry_run = false;             // diff and report, then roll back
    bool allow_incomplete = false;    // apply a set with missing chunks
    bool allow_mass_deletion = false; // bypass the deletion guard
    bool force = false;               // apply a set older than the last applied one
    // The deletion guard, [import] guard_min_count and guard_max_percent: no defaults here,
    // config::Import declares them and daemon/ copies them.
    std::uint64_t guard_min_count{};
    double guard_max_percent{};
    unsigned stale_warning_days = 30; // warn about a set dated this far from today
    // [import] max_future_days: a set dated more than this after today is refused
    // (config::Import declares the default, daemon/ copies it).
    unsigned max_future_days{};
    ArchiveLimits archives;       // [import] max_expanded_bytes, copied by daemon/
    std::size_t sample_size = 20; // changes listed in the report
    ReadOptions read;
    // Set (from a signal handler) to stop: checked before each set and each block; the
    // set being read fails with ErrorCode::Interrupted and is rolled back.
    const std::atomic<bool>* stop = nullptr;
    SetRecorder* recorder = nullptr; // none: outcomes are only reported
};

enum class SetOutcome { Applied, DryRun, AlreadyApplied, Failed };
std::string_view set_outcome_name(SetOutcome outcome);

struct SetReport {
    std::string label;
    Flow flow = Flow::Second;
    SetKind kind = SetKind::Full;
    Date date;
    SetOutcome outcome = SetOutcome::Failed;
    std::int64_t set_id = 0; // the applied set, or the earlier one it repeats
    std::size_t files = 0;
    std::uint64_t bytes = 0;
    std::map<Category, SetCounts> counts;
    std::vector<std::string> sample; // the first changes, ids only
    std::map<std::string, std::uint64_t> warnings;
    std::vector<std::string> gaps;
    SetWriting writing;          // what the store did differently for a large first set
    bool prepared_ahead = false; // the reader thread made each record's canonical form
    std::chrono::milliseconds duration{};
};

struct ImportReport {
    std::vector<SetReport> sets;
    std::vector<std::string> skipped; // inputs that are not export files
    std::optional<Error> error;       // why the import stopped, if it did
};

class ImportEngine {
public:
    // `now` is read once by the caller: every date the import writes derives from it.
    ImportEngine(Store& store, ImportOptions options, std::chrono::system_clock::time_point now,
                 ProgressListener& progress);

    // Imports files, folders and archives.
    ImportReport run(const std::vector<std::filesystem::path>& paths);
    // Imports sets already assembled.
    ImportReport run_sets(const std::vector<ExportSet>& sets);

private:
    Result<void> import_set(const ExportSet& set, SetReport& report);
    Result<bool> judge(const ExportSet& set, SetReport& report);
    Result<void> commit(SetReport& report);

    Store& m_store;
    ImportOptions m_options;
    std::chrono::system_clock::time_point m_now;
    ProgressListener& m_progress;
};

} // namespace aafd::sync
