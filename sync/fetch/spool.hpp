// The spool's layout, spelled out here only. Under the [spool] root, a folder per source:
// <source>/partial/ holds downloads in progress (<name>.part), <source>/ready/ the
// complete export files waiting to be imported, <source>/applied/<YYYY-MM-DD>/ the files
// of the sets applied that day, <source>/skipped/<YYYY-MM-DD>/ those of the sets an
// operator skipped that day, and <source>/fetched.tsv the fetch ledger; beside them,
// feed/<provider>/ is where a provider's batches are staged.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.hpp"
#include "util/error.hpp"

namespace aafd::sync {

// A file being written, renamed to its name without the suffix once complete.
inline constexpr std::string_view k_part_suffix = ".part";

// One source's folders and files in the spool.
class Spool {
public:
    // REQUIRES: `source` is a single path component (fetch_source checks it).
    Spool(const std::filesystem::path& root, const std::string& source) : m_dir(root / source) {}

    const std::filesystem::path& dir() const { return m_dir; }
    std::filesystem::path partial() const { return m_dir / "partial"; }
    std::filesystem::path ready() const { return m_dir / "ready"; }
    std::filesystem::path applied() const { return m_dir / "applied"; }
    std::filesystem::path applied_on(Date day) const { return applied() / to_iso(day); }
    std::filesystem::path skipped_on(Date day) const { return m_dir / "skipped" / to_iso(day); }
    // The files waiting in ready/: regular, not hidden, not partial; sorted.
    std::vector<std::filesystem::path> ready_files() const;
    std::filesystem::path ledger() const { return m_dir / "fetched.tsv"; }
    // partial/<name>.part: a download in progress.
    std::filesystem::path part_file(const std::string& name) const;
    // partial/<name>.verified: a complete download, waiting for its audit record.
    std::filesystem::path verified_file(const std::string& name) const;
    // Creates partial/ and ready/. Io naming the source's folder.
    Result<void> create() const;

private:
    std::filesystem::path m_dir;
};

// <name>.part, beside <name>.
std::filesystem::path part_file_of(const std::filesystem::path& file);
bool is_part_file(std::string_view name);

// <root>/feed/<provider>: where a provider's batches are staged.
std::filesystem::path feed_staging_dir(const std::filesystem::path& root,
                                       const std::string& provider);

} // namespace aafd::sync
