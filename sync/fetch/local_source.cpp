// Copying a local folder's export files into the spool.
#include "sync/fetch/local_source.hpp"

#include <system_error>

namespace aafd::sync {
namespace {

namespace fs = std::filesystem;

// In ready/, or in a dated folder of applied/ or skipped/ (an operator's `spool skip`).
bool already_spooled(const Spool& spool, const std::string& name) {
    if (fs::exists(spool.ready() / name))
        return true;
    for (const auto& filed : {spool.applied(), spool.skipped_on(Date{}).parent_path()}) {
        std::error_code ec;
        for (fs::directory_iterator it(filed, ec), end; !ec && it != end; it.increment(ec))
            if (fs::exists(it->path() / name))
                return true;
    }
    return false;
}

Result<void> copy_one(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    auto part = part_file_of(to);
    fs::copy_file(from, part, fs::copy_options::overwrite_existing, ec);
    if (!ec)
        fs::rename(part, to, ec);
    if (ec)
        return fail(ErrorCode::Io, "cannot copy " + from.string() + ": " + ec.message());
    return {};
}

} // namespace

Result<FetchReport> copy_local_exports(const fs::path& from, const Spool& spool) {
    FetchReport report;
    report.ready_dir = spool.ready();
    std::error_code ec;
    fs::create_directories(report.ready_dir, ec);
    if (ec)
        return fail(ErrorCode::Io,
                    "cannot create " + report.ready_dir.string() + ": " + ec.message());
    fs::recursive_directory_iterator it(from, ec);
    if (ec)
        return fail(ErrorCode::NoInput, "cannot read " + from.string() + ": " + ec.message());
    for (fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec)
            return fail(ErrorCode::Io, "cannot read " + from.string() + ": " + ec.message());
        auto name = it->path().filename().string();
        if (!it->is_regular_file() || name.starts_with(".") || already_spooled(spool, name))
            continue;
        if (auto copied = copy_one(it->path(), report.ready_dir / name); !copied)
            return std::unexpected(copied.error());
        report.fetched.push_back(name);
        report.bytes += it->file_size();
    }
    return report;
}

} // namespace aafd::sync
