// The local-folder export source, beside the SFTP one (fetcher.hpp): for a source with
// `local_dir` (a mounted share, tests), the export files of that folder not yet in
// ready/ or applied/ are copied into ready/, each through a .part file renamed when
// complete.
#pragma once

#include <filesystem>

#include "sync/fetch/fetcher.hpp"
#include "sync/fetch/spool.hpp"
#include "util/error.hpp"

namespace aafd::sync {

// Copies the new regular, non-hidden files of `from` (and its subfolders) into
// spool.ready(). The report names them and their bytes. NoInput when `from` cannot be
// read, Io when a copy fails.
Result<FetchReport> copy_local_exports(const std::filesystem::path& from, const Spool& spool);

} // namespace aafd::sync
