// The ledger of the files a source has fetched, so that a file is never fetched twice:
// spool/<source>/fetched.tsv, one tab-separated line a download (name, size, remote
// mtime, SHA-256, fetched at), appended with one write and fsync'd. A file is known by
// its name, size and mtime: the same name with another size or mtime (a re-sent export)
// is fetched again, and its line, appended last, is the one kept. Names have passed
// check_remote_name, so they hold no tab or newline. A torn last line (a crash while
// appending) is ignored when loading.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "util/error.hpp"

namespace aafd::sync {

struct LedgerEntry {
    std::string name;
    std::uint64_t size = 0;
    std::int64_t mtime = 0; // remote mtime, seconds since the epoch
    std::string sha256;
    std::chrono::system_clock::time_point fetched_at;
};

class FetchLedger {
public:
    // Reads the ledger at `path` (absent: empty). Io when it cannot be read.
    static Result<FetchLedger> open(const std::filesystem::path& path);

    // The last download of `name`, or null.
    const LedgerEntry* find(const std::string& name) const;
    // Whether `name` was fetched with this size and mtime.
    bool holds(const std::string& name, std::uint64_t size, std::int64_t mtime) const;
    // Appends and fsyncs the entry. Io on failure.
    Result<void> add(const LedgerEntry& entry);
    // Forgets `name` (`aafd spool refetch`), so that the next fetch takes it again: the
    // ledger is rewritten atomically with the last line of every other name. False when
    // the name was not in it.
    Result<bool> forget(const std::string& name);
    std::size_t size() const { return m_entries.size(); }

private:
    explicit FetchLedger(std::filesystem::path path) : m_path(std::move(path)) {}
    std::filesystem::path m_path;
    std::map<std::string, LedgerEntry> m_entries;
};

} // namespace aafd::sync
