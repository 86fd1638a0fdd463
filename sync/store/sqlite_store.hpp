// The Store on an SQLite file (WAL, synchronous=FULL, one writer through BEGIN
// IMMEDIATE; a large first import through a rollback journal), or on ":memory:" for tests.
#pragma once

#include <memory>
#include <string>

#include "sync/core/store.hpp"

namespace aafd::sync {

struct SqliteOptions {
    bool read_only = false;
    int busy_timeout_ms = 5000;
    int cache_mib = 128;
    // A large first set of a source and flow builds the key index once, at its end.
    // Off: row by row, as every later set (tests compare the two).
    bool defer_indexes = true;
    // The first set of a source and flow, from this many bytes of export, is written
    // through a rollback journal: its pages are written once (the WAL writes them twice:
    // into the WAL, then into the store at the checkpoint), but readers wait until it
    // commits. Measured at 1M pupils: a 1D set into an empty store 15 to 25 % faster, the
    // 2D set after it 22 %.
    std::uint64_t rollback_journal_from_bytes = std::uint64_t{64} << 20;
};

// Opens (and creates, unless read-only) the store, applying missing migrations.
// Errors name the file.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const SqliteOptions& options = {});

} // namespace aafd::sync
