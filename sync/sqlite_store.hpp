// The Store on an SQLite file (WAL, synchronous=FULL, one writer through BEGIN
// IMMEDIATE), or on ":memory:" for tests.
#pragma once

#include <memory>
#include <string>

#include "sync/store.hpp"

namespace aafd::sync {

struct SqliteOptions {
    bool read_only = false;
    int busy_timeout_ms = 5000;
    int cache_mib = 128;
    // A large first set of a source and flow builds the key index once, at its end.
    // Off: row by row, as every later set (tests compare the two).
    bool defer_indexes = true;
};

// Opens (and creates, unless read-only) the store, applying missing migrations.
// Errors name the file.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const SqliteOptions& options = {});

} // namespace aafd::sync
