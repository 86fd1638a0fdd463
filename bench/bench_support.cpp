// The shared helpers of the benchmark programs: file listing and the result line.
#include "bench/bench_support.hpp"

#include <algorithm>
#include <cstdio>

namespace aafd::bench {

Result<std::vector<std::filesystem::path>>
list_export_files(const std::vector<std::string>& paths) {
    std::vector<std::filesystem::path> files;
    for (const auto& name : paths) {
        const std::filesystem::path path(name);
        std::error_code error;
        if (std::filesystem::is_regular_file(path, error)) {
            files.push_back(path);
            continue;
        }
        if (!std::filesystem::is_directory(path, error))
            return fail(ErrorCode::NoInput, name + ": no such file or folder");
        for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error))
            if (entry.is_regular_file() && entry.path().extension() == ".xml")
                files.push_back(entry.path());
        if (error)
            return fail(ErrorCode::Io, name + ": " + error.message());
    }
    std::sort(files.begin(), files.end());
    return files;
}

void print_throughput(const Throughput& result) {
    const double seconds = result.seconds > 0 ? result.seconds : 1e-9;
    std::printf("%s files=%llu bytes=%llu records=%llu seconds=%.3f mb_per_s=%.1f "
                "records_per_s=%.0f\n",
                result.name.c_str(), static_cast<unsigned long long>(result.files),
                static_cast<unsigned long long>(result.bytes),
                static_cast<unsigned long long>(result.records), result.seconds,
                static_cast<double>(result.bytes) / 1e6 / seconds,
                static_cast<double>(result.records) / seconds);
    std::fflush(stdout);
}

} // namespace aafd::bench
