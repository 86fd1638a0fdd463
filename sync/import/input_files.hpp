// Turns what the user names (files, folders, .tgz/.tar.gz/.zip archives) into the list
// of export files to assemble into sets. Archives are extracted into a private
// scratch folder, removed when the InputFiles goes away. Files whose name is not an
// export file's are skipped and listed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sync/import/set_assembly.hpp"

namespace aafd::sync {

class InputFiles {
public:
    InputFiles() = default;
    ~InputFiles();
    InputFiles(InputFiles&&) noexcept;
    InputFiles& operator=(InputFiles&&) noexcept;

    std::vector<ExportFile> files;
    std::vector<std::string> skipped; // names that are not export files
    std::filesystem::path scratch;    // extracted archives; removed on destruction
};

// Errors: a path that does not exist (NoInput), a damaged archive or an entry name
// that could escape the scratch folder (BadInput), an I/O failure (Io).
Result<InputFiles> collect_inputs(const std::vector<std::filesystem::path>& paths);

} // namespace aafd::sync
