// The real AAF samples (../shared/aaf-samples, outside the repository) in tests: where
// they are, and the test cases that read them, which CTest reports as skipped when the
// folder is missing instead of failing or silently passing.
#pragma once

#include <filesystem>
#include <string>

#include <doctest/doctest.h>

namespace aafd::test {

// $AAFD_SAMPLES_DIR when set, else ../shared/aaf-samples beside the repository.
std::filesystem::path samples_dir();
// <samples_dir()>/<relative>
std::filesystem::path sample(const std::string& relative);

// True when samples_dir() exists. Otherwise the test fails when the samples are required
// (AAFD_REQUIRE_SAMPLES=1, as in CI), or prints the line that makes CTest report it as
// skipped (AAFD_SAMPLES_SKIPPED, the SKIP_REGULAR_EXPRESSION of tests/CMakeLists.txt) and
// returns false.
bool samples_available();

} // namespace aafd::test

// A test case that reads the samples: named "samples: <name>" (CTest's summary counts
// them under the label "samples", see tests/label_sample_tests.cmake), in the doctest
// suite "samples" (-ts=samples runs them alone), its body run only when
// samples_available(). `name` is a string literal.
#define AAFD_SAMPLES_TEST_CASE(name)                                                               \
    AAFD_SAMPLES_TEST_CASE_WITH_BODY(DOCTEST_ANONYMOUS(aafd_samples_body_), name)
#define AAFD_SAMPLES_TEST_CASE_WITH_BODY(body, name)                                               \
    static void body();                                                                            \
    TEST_CASE("samples: " name* doctest::test_suite("samples")) {                                  \
        if (aafd::test::samples_available())                                                       \
            body();                                                                                \
    }                                                                                              \
    static void body()
