// Implementation of tests/samples.hpp.
#include "tests/samples.hpp"

#include <cstdlib>
#include <iostream>
#include <string_view>

namespace aafd::test {

std::filesystem::path samples_dir() {
    const char* named = std::getenv("AAFD_SAMPLES_DIR");
    return named != nullptr && *named != '\0' ? named : AAFD_SAMPLES_DIR;
}

std::filesystem::path sample(const std::string& relative) { return samples_dir() / relative; }

bool samples_available() {
    const auto dir = samples_dir();
    if (std::filesystem::is_directory(dir))
        return true;
    const char* required = std::getenv("AAFD_REQUIRE_SAMPLES");
    REQUIRE_MESSAGE((required == nullptr || std::string_view(required) != "1"),
                    "AAFD_REQUIRE_SAMPLES=1 but there is no folder " << dir);
    std::cout << AAFD_SAMPLES_SKIPPED << ": no folder " << dir.string()
              << " (set AAFD_SAMPLES_DIR to run the tests of the real samples)" << std::endl;
    return false;
}

} // namespace aafd::test
