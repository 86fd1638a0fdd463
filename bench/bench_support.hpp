// What the benchmark programs share: the list of export files to read, a stopwatch, and
// the one-line result they print ("NAME key=value ...") that bench/run.sh parses.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace aafd::bench {

// The .xml files named or found (recursively) under the folders named, sorted by path so
// that every run reads them in the same order. An error names a path that does not exist.
Result<std::vector<std::filesystem::path>> list_export_files(const std::vector<std::string>& paths);

class Stopwatch {
public:
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

struct Throughput {
    std::string name;          // "pugixml", "aafd", "sqlite"
    std::uint64_t files = 0;   // input files (0: not applicable)
    std::uint64_t bytes = 0;   // input bytes (0: not applicable)
    std::uint64_t records = 0; // records parsed, rows written
    double seconds = 0;
};

// "pugixml files=3 bytes=123 records=45 seconds=0.012 mb_per_s=10.3 records_per_s=3750"
// (MB = 10^6 bytes), on stdout.
void print_throughput(const Throughput& result);

} // namespace aafd::bench
