// A feed batch that is a folder of files (the `aaf` and `be1d` formats: a whole set),
// not one file: its digest, and its delivery into an outbox as a whole. The folder is
// built in the staging area, its digest recorded with the batch; delivery copies it to
// `<outbox>/.<name>.part/`, fsyncs every file and the folders, then renames it to
// `<outbox>/<name>/`: a provider sees either no folder or the whole set.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace aafd::sync {

// SHA-256 over the lines "<relative path> <SHA-256 of the file>\n" of every regular file
// under `folder`, sorted by path: the same files with the same bytes, the same digest.
Result<std::string> folder_digest(const std::filesystem::path& folder);

// The regular files under `folder`, as paths relative to it, sorted.
Result<std::vector<std::filesystem::path>> folder_files(const std::filesystem::path& folder);

// Copies `folder` to `<outbox>/<folder's name>` as described above; a folder of that name
// already there (the same set delivered again) is replaced.
Result<void> deliver_folder(const std::filesystem::path& folder,
                            const std::filesystem::path& outbox);

} // namespace aafd::sync
