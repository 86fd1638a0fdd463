// Copying a local folder's export files into the spool.
#include "sync/fetch/local_source.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

#include "util/file.hpp"

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

// Copies into the .part file (opened without following a link), then renames it.
Result<void> copy_one(const fs::path& from, const fs::path& to) {
    auto failed = [&](const std::string& why) {
        return fail(ErrorCode::Io, "cannot copy " + from.string() + ": " + why);
    };
    auto part = part_file_of(to);
    Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
    if (!in)
        return failed(std::strerror(errno));
    auto out = open_for_writing(part, O_WRONLY | O_TRUNC, 0600);
    if (!out)
        return failed(out.error().message);
    char buffer[65536];
    ssize_t got = 0;
    while ((got = ::read(in.get(), buffer, sizeof buffer)) > 0)
        if (::write(out->get(), buffer, static_cast<std::size_t>(got)) != got)
            return failed(std::strerror(errno));
    if (got < 0)
        return failed(std::strerror(errno));
    std::error_code ec;
    fs::rename(part, to, ec);
    if (ec)
        return failed(ec.message());
    return {};
}

} // namespace

Result<FetchReport> copy_local_exports(const fs::path& from, const Spool& spool) {
    FetchReport report;
    report.ready_dir = spool.ready();
    if (auto created = create_folders(report.ready_dir, 0700); !created)
        return std::unexpected(created.error());
    std::error_code ec;
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
