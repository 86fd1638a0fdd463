// Helpers shared by the tests: a temporary folder per test, the path of a file of the
// repository, whole-file reads and writes, a folder's listing (the samples:
// tests/samples.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace aafd::test {

// A fresh folder under the system's temp dir, removed with everything in it when
// the object goes out of scope.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// <repo>/<relative>
std::filesystem::path source_path(const std::string& relative);

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& bytes);
// The names of the entries of `folder`, sorted.
std::vector<std::string> file_names_in(const std::filesystem::path& folder);

} // namespace aafd::test
