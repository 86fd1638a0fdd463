// Turns what the user names (files, folders, .tgz/.tar.gz/.zip archives) into the list
// of export files to assemble into sets. Archives are extracted into a private
// scratch folder ($TMPDIR/aafd-import-XXXXXX), locked while in use and removed when the
// InputFiles goes away; the unlocked ones an import killed before it could remove them
// are removed by the next collect_inputs. Files whose name is not an export file's are
// skipped and listed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sync/import/set_assembly.hpp"
#include "util/file.hpp"

namespace aafd::sync {

class InputFiles {
public:
    InputFiles() = default;
    ~InputFiles();
    InputFiles(InputFiles&&) noexcept;
    InputFiles& operator=(InputFiles&&) noexcept;

    std::vector<ExportFile> files;
    // Names that are not export files, and archive members that are links or special
    // files (not extracted, said so after the name).
    std::vector<std::string> skipped;
    std::filesystem::path scratch; // extracted archives; removed on destruction
    Fd scratch_lock;               // held (flock) as long as `scratch` is in use
};

// What archives may expand to. A member is refused as a bomb once it has expanded past
// k_expansion_floor and past k_max_expansion_ratio times the compressed bytes read for it
// (plus one read of slack); real exports compress 10 to 30 times.
struct ArchiveLimits {
    // [import] max_expanded_bytes: all the archives' members together (config::Import
    // declares the default, daemon/ copies it).
    std::uint64_t max_expanded_bytes{};
};
inline constexpr std::uint64_t k_max_expansion_ratio = 200;
inline constexpr std::uint64_t k_expansion_floor = 1u << 20;

// Errors: a path that does not exist (NoInput); a damaged archive, one compressed by a
// filter libarchive does not run in-process, an entry name that could escape the
// scratch folder, a member expanding past a limit (BadInput, naming the archive and
// the member; nothing is written past the limit); an I/O failure (Io).
Result<InputFiles> collect_inputs(const std::vector<std::filesystem::path>& paths,
                                  const ArchiveLimits& limits);

} // namespace aafd::sync
