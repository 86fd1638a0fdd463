// A source's ready/ files read as sets, and which of those files hold a set: what the
// daemon's cycle imports and files away, and what `aafd spool` lists, accepts and skips.
#pragma once

#include <filesystem>
#include <set>
#include <vector>

#include "sync/fetch/spool.hpp"
#include "sync/import/input_files.hpp"

namespace aafd::daemon {

struct SpoolSets {
    std::vector<std::filesystem::path> entries; // ready/ files (Spool::ready_files)
    sync::InputFiles inputs;                    // their export files (archives extracted)
    std::vector<sync::ExportSet> sets;          // in applying order
};

// Reads ready/ into sets. The errors of collect_inputs and assemble_sets.
Result<SpoolSets> read_spool_sets(const sync::Spool& spool, const sync::ArchiveLimits& limits);

// Whether the export file came from `entry` (the file itself, or an archive entry of it).
bool comes_from(const sync::ExportFile& file, const std::filesystem::path& entry);

// The ready/ files all of whose export files are in `done` (the paths of export files).
std::vector<std::filesystem::path> entries_done(const std::vector<std::filesystem::path>& entries,
                                                const sync::InputFiles& inputs,
                                                const std::set<std::filesystem::path>& done);

// Moves `entries` into `folder` (created), fsync'd. Io naming the file.
Result<void> move_entries(const std::vector<std::filesystem::path>& entries,
                          const std::filesystem::path& folder);

} // namespace aafd::daemon
