// ImportOptions for a test's import. sync::ImportOptions has no deletion guard nor block
// size of its own (config::Import declares the defaults, daemon/ copies them): tests take
// the shipped ones.
#pragma once

#include <string>

#include "sync/import/import_engine.hpp"
#include "tests/parsers/read_options.hpp"

namespace aafd::test {

inline sync::ImportOptions import_options(std::string source) {
    sync::ImportOptions options;
    options.source = std::move(source);
    options.guard_min_count = 50;
    options.guard_max_percent = 5.0;
    options.read = k_read_options;
    options.max_future_days = 2;
    options.archives.max_expanded_bytes = 8ull << 30;
    return options;
}

} // namespace aafd::test
