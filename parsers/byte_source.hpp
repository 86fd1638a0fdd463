// Where the bytes of one export file come from: a file on disk, a test's string.
// The reader pulls them in blocks, so memory does not grow with the file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "util/error.hpp"

namespace aafd {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Reads up to buffer.size() bytes; 0 means end of input.
    virtual Result<std::size_t> read(std::span<char> buffer) = 0;
};

// Opens a file for reading; the error names the path.
Result<std::unique_ptr<ByteSource>> open_file_source(const std::filesystem::path& path);
// A source over bytes held in memory (tests, fuzzing).
std::unique_ptr<ByteSource> make_string_source(std::string bytes);

} // namespace aafd
