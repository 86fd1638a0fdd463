// The production ExportSource: the choice, per source, between the SFTP fetch and the
// local folder copy.
#include "daemon/daemon_export_source.hpp"

#include <utility>

#include "sync/fetch/local_source.hpp"

namespace aafd::daemon {
namespace {

FetchResult fetch_result(const sync::FetchReport& report) {
    return FetchResult{report.ready_dir, report.bytes,   report.refused,
                       report.fetched,   report.waiting, report.resent};
}

class ProductionSource final : public ExportSource {
public:
    explicit ProductionSource(sync::FetchTiming timing) : m_timing(std::move(timing)) {}

    Result<FetchResult> fetch(const config::Config& config, const config::Source& source,
                              sync::AuditSink& audit,
                              std::chrono::system_clock::time_point now) override {
        auto report =
            source.local_dir.empty()
                ? sync::fetch_source(fetch_options(config, source, m_timing), audit, now)
                : sync::copy_local_exports(source.local_dir, source_spool(config, source.name));
        if (!report)
            return std::unexpected(report.error());
        return fetch_result(*report);
    }

private:
    sync::FetchTiming m_timing;
};

} // namespace

sync::FetchOptions fetch_options(const config::Config& config, const config::Source& source,
                                 sync::FetchTiming timing) {
    sync::FetchOptions options;
    options.source = source.name;
    options.host = source.host;
    options.port = source.port;
    options.user = source.user;
    options.key = source.key;
    options.known_hosts = source.known_hosts;
    options.remote_dir = source.remote_dir;
    options.patterns = source.patterns;
    options.settle_time = source.settle_time;
    options.max_file_size = source.max_file_size;
    options.spool = config.spool_path;
    options.timing = std::move(timing);
    return options;
}

sync::Spool source_spool(const config::Config& config, const std::string& source) {
    return sync::Spool(config.spool_path, source);
}

std::unique_ptr<ExportSource> make_production_source(sync::FetchTiming timing) {
    return std::make_unique<ProductionSource>(std::move(timing));
}

} // namespace aafd::daemon
