// Pulls one source's export files from its exchange server over key-authenticated
// SFTP into the spool: strict host key checking, stable files only, resumable
// downloads to .part files, size checked, fsync'd, renamed. Every use of the account is
// recorded in the audit trail before it is reported. The remote side is never modified.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sync/audit/audit_sink.hpp"
#include "sync/fetch/fetch_timing.hpp"
#include "util/error.hpp"

namespace aafd::sync {

// The values a [[source]] configures have no defaults here: config::Source declares them
// and daemon/ copies every one (daemon_export_source.cpp, fetch_options); a test sets
// what it needs. The others (timeouts, attempts, backoff, reads) are not configurable.
struct FetchOptions {
    std::string source; // the source's name: spool/<source>/
    std::string host;
    std::uint16_t port{};
    std::string user;
    std::filesystem::path key;
    std::filesystem::path known_hosts;
    std::string remote_dir;
    std::vector<std::string> patterns;  // file name patterns to take
    std::chrono::seconds settle_time{}; // a file is taken once unchanged for this long
    std::uint64_t max_file_size{};      // bytes; a larger file is refused
    std::chrono::seconds connect_timeout{30};
    std::chrono::seconds read_timeout{60};
    std::filesystem::path spool;       // [spool] path
    FetchTiming timing;                // attempts, backoff, and how a retry waits
    std::uint32_t read_chunk = 261120; // bytes a read request asks: OpenSSH's maximum
    unsigned read_requests = 64;       // read requests in flight
};

struct FetchReport {
    std::filesystem::path ready_dir;  // Spool::ready(): complete files to import
    std::vector<std::string> fetched; // names downloaded by this run (all its attempts)
    std::vector<std::string> resent;  // of `fetched`, those fetched before with another
                                      // size or mtime (the exchange server re-sent them)
    std::vector<std::string> waiting; // names not yet stable (still being written)
    std::vector<std::string> refused; // hostile names, files over the size limit
    std::vector<std::string> reasons; // why each of `refused` was refused, same order
    std::uint64_t bytes = 0;          // bytes transferred by this run (all its attempts)
    std::uint64_t resumed_bytes = 0;  // bytes taken from .part files left by an earlier
                                      // run or attempt
};

// `now` is the cycle's clock reading (settle time is judged against it).
Result<FetchReport> fetch_source(const FetchOptions& options, AuditSink& audit,
                                 std::chrono::system_clock::time_point now);

} // namespace aafd::sync
