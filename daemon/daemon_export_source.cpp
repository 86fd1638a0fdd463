// The production ExportSource: SFTP through sync::fetch_source, or a local folder copy
// for sources with `local_dir`.
#include "daemon/daemon_export_source.hpp"

#include <system_error>

#include "sync/fetch/fetcher.hpp"

namespace aafd::daemon {
namespace {

namespace fs = std::filesystem;

bool already_spooled(const fs::path& spool_dir, const std::string& name) {
    if (fs::exists(spool_dir / "ready" / name))
        return true;
    std::error_code ec;
    for (fs::directory_iterator it(spool_dir / "applied", ec), end; !ec && it != end;
         it.increment(ec))
        if (fs::exists(it->path() / name))
            return true;
    return false;
}

Result<void> copy_one(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    auto part = to;
    part += ".part";
    fs::copy_file(from, part, fs::copy_options::overwrite_existing, ec);
    if (!ec)
        fs::rename(part, to, ec);
    if (ec)
        return fail(ErrorCode::Io, "cannot copy " + from.string() + ": " + ec.message());
    return {};
}

Result<FetchResult> fetch_sftp(const config::Config& config, const config::Source& source,
                               sync::AuditSink& audit, std::chrono::system_clock::time_point now) {
    auto report = sync::fetch_source(fetch_options(config, source), audit, now);
    if (!report)
        return std::unexpected(report.error());
    return FetchResult{report->ready_dir, report->bytes, report->refused};
}

class ProductionSource final : public ExportSource {
public:
    Result<FetchResult> fetch(const config::Config& config, const config::Source& source,
                              sync::AuditSink& audit,
                              std::chrono::system_clock::time_point now) override {
        if (!source.local_dir.empty())
            return copy_local_exports(source.local_dir, source_spool(config, source.name));
        return fetch_sftp(config, source, audit, now);
    }
};

} // namespace

sync::FetchOptions fetch_options(const config::Config& config, const config::Source& source) {
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
    return options;
}

fs::path source_spool(const config::Config& config, const std::string& source) {
    return config.spool_path / source;
}

Result<FetchResult> copy_local_exports(const fs::path& from, const fs::path& spool_dir) {
    FetchResult result{spool_dir / "ready", 0, {}};
    std::error_code ec;
    fs::create_directories(result.ready_dir, ec);
    if (ec)
        return fail(ErrorCode::Io,
                    "cannot create " + result.ready_dir.string() + ": " + ec.message());
    fs::recursive_directory_iterator it(from, ec);
    if (ec)
        return fail(ErrorCode::NoInput, "cannot read " + from.string() + ": " + ec.message());
    for (fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec)
            return fail(ErrorCode::Io, "cannot read " + from.string() + ": " + ec.message());
        auto name = it->path().filename().string();
        if (!it->is_regular_file() || name.starts_with(".") || already_spooled(spool_dir, name))
            continue;
        if (auto copied = copy_one(it->path(), result.ready_dir / name); !copied)
            return std::unexpected(copied.error());
        result.bytes += it->file_size();
    }
    return result;
}

std::unique_ptr<ExportSource> make_production_source() {
    return std::make_unique<ProductionSource>();
}

} // namespace aafd::daemon
