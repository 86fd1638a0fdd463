// Where a cycle gets export files from: an ExportSource brings a source's new files
// into spool/<source>/ready/ and says where that is. The production one pulls over SFTP
// (sync/fetch/fetcher.hpp) or, for a source with `local_dir`, copies from a local folder;
// tests pass their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "sync/audit/audit_sink.hpp"
#include "sync/fetch/fetcher.hpp"
#include "util/error.hpp"

namespace aafd::daemon {

struct FetchResult {
    std::filesystem::path ready_dir;  // complete files waiting to be imported
    std::uint64_t bytes = 0;          // fetched by this call
    std::vector<std::string> refused; // hostile names, files over the size limit
};

class ExportSource {
public:
    virtual ~ExportSource() = default;
    // `now` is the cycle's clock reading. An error fails the cycle for this source.
    virtual Result<FetchResult> fetch(const config::Config& config, const config::Source& source,
                                      sync::AuditSink& audit,
                                      std::chrono::system_clock::time_point now) = 0;
};

// Copies the export files of `from` that are not yet in ready/ or applied/ into
// spool/<source>/ready/ (each through a .part file renamed when complete).
Result<FetchResult> copy_local_exports(const std::filesystem::path& from,
                                       const std::filesystem::path& spool_dir);

// SFTP for sources with a host, copy_local_exports for sources with `local_dir`.
std::unique_ptr<ExportSource> make_production_source();

// spool/<source>
std::filesystem::path source_spool(const config::Config& config, const std::string& source);

// What a configured source means to the SFTP fetch.
sync::FetchOptions fetch_options(const config::Config& config, const config::Source& source);

} // namespace aafd::daemon
