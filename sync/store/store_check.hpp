// aafd's consistency check of a store (`aafd check-store`): SQLite's own checks, then
// aafd's invariants (links, hashes, journal against state, applied sets), each one
// function over the tables in one read transaction. Reads only; streams the tables, so
// memory grows by a few bytes per object, never with the attributes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sync/store/sqlite.hpp"

namespace aafd::sync {

// One thing wrong: the table, the row ("rowid 12", "seq 40", "object 7 structure 1")
// and what is wrong with it, ids only (never names or birth dates).
struct StoreFinding {
    std::string table;
    std::string row;
    std::string problem;
    std::string text() const; // "object rowid 12: hash … does not match its attributes …"
    bool operator==(const StoreFinding&) const = default;
};

struct StoreCheckCounts {
    std::uint64_t objects = 0;
    std::uint64_t references = 0;
    std::uint64_t journal_entries = 0;
    std::uint64_t sets = 0;
};

struct StoreCheckReport {
    std::vector<StoreFinding> findings; // the first `max_findings`, in check order
    std::uint64_t finding_count = 0;    // all of them
    StoreCheckCounts counts;
    bool clean() const { return finding_count == 0; }
};

struct StoreCheckOptions {
    std::size_t max_findings = 1000;
};

// Checks an open database. An error means a check could not run (SQLite error, not an
// aafd store); findings mean the checks ran and found these.
Result<StoreCheckReport> check_store(Database& db, const StoreCheckOptions& options = {});

// Opens the store at `path` read-only and checks it. NoInput when it does not exist.
Result<StoreCheckReport> check_store_file(const std::string& path,
                                          const StoreCheckOptions& options = {});

} // namespace aafd::sync
