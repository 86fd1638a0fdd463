// Where a cycle gets export files from: an ExportSource brings a source's new files
// into its spool's ready/ folder and says where that is. The production one chooses,
// per source, between the SFTP fetch (sync/fetch/fetcher.hpp) and, for a source with
// `local_dir`, the local folder copy (sync/fetch/local_source.hpp); tests pass their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "sync/audit/audit_sink.hpp"
#include "sync/fetch/fetch_timing.hpp"
#include "sync/fetch/fetcher.hpp"
#include "sync/fetch/spool.hpp"
#include "util/error.hpp"

namespace aafd::daemon {

struct FetchResult {
    std::filesystem::path ready_dir;  // complete files waiting to be imported
    std::uint64_t bytes = 0;          // fetched by this call
    std::vector<std::string> refused; // hostile names, files over the size limit
    std::vector<std::string> fetched; // names taken by this call
    std::vector<std::string> waiting; // names not yet stable on the server
    std::vector<std::string> resent;  // of `fetched`, names fetched before in another version
};

class ExportSource {
public:
    virtual ~ExportSource() = default;
    // `now` is the cycle's clock reading. An error fails the cycle for this source.
    virtual Result<FetchResult> fetch(const config::Config& config, const config::Source& source,
                                      sync::AuditSink& audit,
                                      std::chrono::system_clock::time_point now) = 0;
};

// SFTP for sources with a host (retrying as `timing` says), the local folder copy for
// sources with `local_dir`.
std::unique_ptr<ExportSource> make_production_source(sync::FetchTiming timing = {});

// The spool of a configured source.
sync::Spool source_spool(const config::Config& config, const std::string& source);

// What a configured source means to the SFTP fetch.
sync::FetchOptions fetch_options(const config::Config& config, const config::Source& source,
                                 sync::FetchTiming timing);

} // namespace aafd::daemon
