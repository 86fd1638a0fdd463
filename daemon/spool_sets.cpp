// Reading a spool's ready/ files as sets and moving the files of sets out of it.
#include "daemon/spool_sets.hpp"

#include <system_error>

#include "util/file.hpp"

namespace aafd::daemon {

namespace fs = std::filesystem;

Result<SpoolSets> read_spool_sets(const sync::Spool& spool, const sync::ArchiveLimits& limits) {
    SpoolSets read;
    read.entries = spool.ready_files();
    if (read.entries.empty())
        return read;
    auto inputs = sync::collect_inputs(read.entries, limits);
    if (!inputs)
        return std::unexpected(inputs.error());
    read.inputs = std::move(*inputs);
    auto sets = sync::assemble_sets(read.inputs.files);
    if (!sets)
        return std::unexpected(sets.error());
    read.sets = std::move(*sets);
    return read;
}

bool comes_from(const sync::ExportFile& file, const fs::path& entry) {
    return file.path == entry || file.display_name.starts_with(entry.string() + "/");
}

std::vector<fs::path> entries_done(const std::vector<fs::path>& entries,
                                   const sync::InputFiles& inputs, const std::set<fs::path>& done) {
    std::vector<fs::path> moved;
    for (const auto& entry : entries) {
        bool any = false;
        bool all = true;
        for (const auto& file : inputs.files) {
            if (!comes_from(file, entry))
                continue;
            any = true;
            all = all && done.contains(file.path);
        }
        if (any && all)
            moved.push_back(entry);
    }
    return moved;
}

Result<void> move_entries(const std::vector<fs::path>& entries, const fs::path& folder) {
    if (auto created = create_folders(folder, 0700); !created)
        return created;
    std::error_code ec;
    for (const auto& entry : entries) {
        fs::rename(entry, folder / entry.filename(), ec);
        if (ec)
            return fail(ErrorCode::Io, "cannot move " + entry.string() + " to " + folder.string() +
                                           ": " + ec.message());
    }
    return fsync_dir(folder);
}

} // namespace aafd::daemon
