// Walking folders, extracting archives with libarchive, probing files for their flow.
#include "sync/import/input_files.hpp"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#include <archive.h>
#include <archive_entry.h>

#include "parsers/export_reader.hpp"

namespace aafd::sync {
namespace fs = std::filesystem;
namespace {

bool is_archive(const fs::path& path) {
    auto name = path.filename().string();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name.ends_with(".tgz") || name.ends_with(".tar.gz") || name.ends_with(".zip") ||
           name.ends_with(".tar");
}

// A name taken from an archive is only kept if it cannot leave the scratch folder.
bool is_safe_entry_name(std::string_view name) {
    if (name.empty() || name == "." || name == "..")
        return false;
    return std::none_of(name.begin(), name.end(), [](char c) {
        return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
}

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

constexpr std::string_view k_scratch_prefix = "aafd-import-";
constexpr const char* k_scratch_lock = ".lock"; // flock'd by the import using the folder

// Locks the new scratch folder: the lock file is created and locked under another name,
// then renamed, so that one found under k_scratch_lock is locked or left by a dead import.
Result<Fd> lock_scratch(const fs::path& folder) {
    const fs::path lock = folder / k_scratch_lock;
    const fs::path fresh = folder / ".lock.new";
    Fd fd(::open(fresh.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd || ::flock(fd.get(), LOCK_EX) != 0 || ::rename(fresh.c_str(), lock.c_str()) != 0)
        return fail(ErrorCode::Io, "cannot lock " + lock.string() + ": " + std::strerror(errno));
    return fd;
}

// Whether `folder` is a scratch folder of this user that no import holds.
bool is_left_over(const fs::path& folder) {
    struct stat info {};
    if (!folder.filename().string().starts_with(k_scratch_prefix) ||
        ::lstat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) || info.st_uid != ::geteuid())
        return false;
    const Fd lock(::open((folder / k_scratch_lock).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    return lock && ::flock(lock.get(), LOCK_EX | LOCK_NB) == 0;
}

// Removes the scratch folders of imports killed before they could remove them.
void remove_leftovers(const fs::path& parent) {
    std::error_code error;
    std::vector<fs::path> left;
    for (fs::directory_iterator it(parent, error), end; !error && it != end; it.increment(error))
        if (is_left_over(it->path()))
            left.push_back(it->path());
    for (const auto& folder : left)
        fs::remove_all(folder, error);
}

constexpr std::size_t k_archive_read_size = 1u << 16; // bytes libarchive reads at a time

// Only the filters libarchive runs in-process: one needing an external program (lzop,
// lrzip, grzip, lzip...) is never registered, so such an archive is not recognised.
Result<void> support_filters(archive* reader, const fs::path& path) {
    for (auto support : {archive_read_support_filter_gzip, archive_read_support_filter_bzip2,
                         archive_read_support_filter_xz, archive_read_support_filter_zstd})
        if (support(reader) != ARCHIVE_OK)
            return fail(ErrorCode::Internal, path.string() +
                                                 ": this libarchive cannot "
                                                 "decompress in-process: " +
                                                 archive_error_string(reader));
    return {};
}

std::string archive_refused(std::string message, const fs::path& path, archive* reader) {
    const char* reason = archive_error_string(reader);
    return path.string() + ": " + std::move(message) + ": " + (reason ? reason : "unknown") +
           " (aafd reads .tar, .tgz, .tar.gz and .zip archives, compressed with gzip, "
           "bzip2, xz or zstd)";
}

class Collector {
public:
    Collector(InputFiles& out, const ArchiveLimits& limits) : m_out(out), m_limits(limits) {}
    Result<void> add_path(const fs::path& path);

private:
    Result<void> add_file(const fs::path& path, const std::string& display,
                          std::optional<Flow> archive_flow);
    Result<void> add_folder(const fs::path& path);
    Result<void> add_archive(const fs::path& path);
    Result<void> extract_entry(archive* reader, archive_entry* entry, const fs::path& into,
                               const fs::path& archive_path, std::optional<Flow> flow);
    Result<void> check_expansion(archive* reader, const std::string& display, std::uint64_t written,
                                 std::uint64_t size, la_int64_t compressed_start) const;
    Result<fs::path> scratch_folder();

    InputFiles& m_out;
    ArchiveLimits m_limits;
    std::uint64_t m_expanded = 0; // bytes written out of every archive so far
    unsigned m_archives = 0;
};

// Whether `size` more bytes of a member may be written after `written`.
Result<void> Collector::check_expansion(archive* reader, const std::string& display,
                                        std::uint64_t written, std::uint64_t size,
                                        la_int64_t compressed_start) const {
    if (m_expanded + size > m_limits.max_expanded_bytes)
        return fail(ErrorCode::BadInput,
                    display + ": the archives expand past [import] max_expanded_bytes = " +
                        std::to_string(m_limits.max_expanded_bytes) + " bytes; archive refused");
    const la_int64_t read = archive_filter_bytes(reader, -1) - compressed_start;
    const std::uint64_t compressed = read > 0 ? static_cast<std::uint64_t>(read) : 0;
    const std::uint64_t expanded = written + size;
    if (expanded > k_expansion_floor &&
        expanded > k_max_expansion_ratio * (compressed + k_archive_read_size))
        return fail(ErrorCode::BadInput,
                    display + ": expands more than " + std::to_string(k_max_expansion_ratio) +
                        " times its compressed size (" + std::to_string(expanded) +
                        " bytes out of " + std::to_string(compressed) + "); archive refused");
    return {};
}

Result<fs::path> Collector::scratch_folder() {
    if (m_out.scratch.empty()) {
        const fs::path parent = fs::temp_directory_path();
        std::string pattern = (parent / (std::string(k_scratch_prefix) + "XXXXXX")).string();
        if (!mkdtemp(pattern.data()))
            return fail(ErrorCode::Io, "cannot create a scratch folder in " + parent.string() +
                                           ": " + std::strerror(errno));
        m_out.scratch = pattern;
        auto lock = lock_scratch(m_out.scratch);
        if (!lock)
            return std::unexpected(lock.error());
        m_out.scratch_lock = std::move(*lock);
    }
    auto folder = m_out.scratch / std::to_string(m_archives++);
    std::error_code error;
    fs::create_directory(folder, error);
    if (error)
        return fail(ErrorCode::Io, "cannot create " + folder.string() + ": " + error.message());
    return folder;
}

Result<void> Collector::add_file(const fs::path& path, const std::string& display,
                                 std::optional<Flow> archive_flow) {
    auto name = parse_export_file_name(path.filename().string());
    if (!name) {
        m_out.skipped.push_back(display);
        return {};
    }
    ExportFile file{path, display, std::move(*name), fs::file_size(path), archive_flow, {}, {}};
    if (!file.name.flow && !archive_flow) {
        auto source = open_file_source(path);
        if (!source)
            return std::unexpected(source.error());
        auto probe = probe_export(**source, display);
        if (!probe)
            return std::unexpected(probe.error());
        if (auto it = probe->metadata.comments.find("degre"); it != probe->metadata.comments.end())
            file.header_flow = flow_from_name(it->second);
        file.vocabulary_flow =
            flow_from_vocabulary(file.name.category, probe->first_record_attributes);
    }
    m_out.files.push_back(std::move(file));
    return {};
}

Result<void> Collector::add_folder(const fs::path& path) {
    std::vector<fs::path> entries;
    std::error_code error;
    for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error))
        entries.push_back(it->path());
    if (error)
        return fail(ErrorCode::NoInput, path.string() + ": cannot list: " + error.message());
    std::sort(entries.begin(), entries.end());
    for (const auto& entry : entries)
        if (auto done = add_path(entry); !done)
            return done;
    return {};
}

Result<void> Collector::extract_entry(archive* reader, archive_entry* entry, const fs::path& into,
                                      const fs::path& archive_path, std::optional<Flow> flow) {
    std::string entry_path = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
    std::string display = archive_path.string() + "/" + entry_path;
    if (entry_path.find("..") != std::string::npos || entry_path.starts_with("/"))
        return fail(ErrorCode::BadInput, display + ": entry name could escape the extraction "
                                                   "folder; archive refused");
    std::string base = fs::path(entry_path).filename().string();
    if (!is_safe_entry_name(base))
        return fail(ErrorCode::BadInput, display + ": unsafe entry name; archive refused");
    fs::path target = into / base;
    if (fs::exists(target))
        return fail(ErrorCode::BadInput, display + ": two entries named " + base);
    std::ofstream out(target, std::ios::binary);
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    const la_int64_t compressed_start = archive_filter_bytes(reader, -1);
    std::uint64_t written = 0;
    int rc;
    while ((rc = archive_read_data_block(reader, &block, &size, &offset)) == ARCHIVE_OK) {
        if (auto allowed = check_expansion(reader, display, written, size, compressed_start);
            !allowed)
            return allowed;
        out.write(static_cast<const char*>(block), static_cast<std::streamsize>(size));
        written += size;
        m_expanded += size;
    }
    if (rc != ARCHIVE_EOF)
        return fail(ErrorCode::BadInput,
                    display + ": damaged archive: " + archive_error_string(reader));
    out.close();
    if (!out)
        return fail(ErrorCode::Io, target.string() + ": cannot write: " + std::strerror(errno));
    return add_file(target, display, flow);
}

Result<void> Collector::add_archive(const fs::path& path) {
    auto into = scratch_folder();
    if (!into)
        return std::unexpected(into.error());
    ArchivePtr reader(archive_read_new(), &archive_read_free);
    if (auto supported = support_filters(reader.get(), path); !supported)
        return supported;
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_gnutar(reader.get());
    archive_read_support_format_zip(reader.get());
    if (archive_read_open_filename(reader.get(), path.c_str(), k_archive_read_size) != ARCHIVE_OK)
        return fail(ErrorCode::BadInput,
                    archive_refused("cannot open archive", path, reader.get()));
    auto flow = parse_archive_name(path.filename().string()).flow;
    archive_entry* entry = nullptr;
    int rc;
    while ((rc = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
        const auto type = archive_entry_filetype(entry);
        if (type == AE_IFDIR)
            continue;
        if (type != AE_IFREG || archive_entry_hardlink(entry)) {
            const char* name = archive_entry_pathname(entry);
            m_out.skipped.push_back(path.string() + "/" + (name ? name : "") +
                                    " (a link or special file: not extracted)");
            continue;
        }
        if (auto done = extract_entry(reader.get(), entry, *into, path, flow); !done)
            return done;
    }
    if (rc != ARCHIVE_EOF)
        return fail(ErrorCode::BadInput,
                    path.string() + ": damaged archive: " + archive_error_string(reader.get()));
    return {};
}

Result<void> Collector::add_path(const fs::path& path) {
    std::error_code error;
    auto status = fs::status(path, error);
    if (error || !fs::exists(status))
        return fail(ErrorCode::NoInput, path.string() + ": no such file or folder");
    if (fs::is_directory(status))
        return add_folder(path);
    if (is_archive(path))
        return add_archive(path);
    return add_file(path, path.string(), std::nullopt);
}

} // namespace

InputFiles::~InputFiles() {
    if (!scratch.empty()) {
        std::error_code ignored;
        fs::remove_all(scratch, ignored);
    }
}

InputFiles::InputFiles(InputFiles&& other) noexcept
    : files(std::move(other.files)), skipped(std::move(other.skipped)),
      scratch(std::exchange(other.scratch, {})), scratch_lock(std::move(other.scratch_lock)) {}

InputFiles& InputFiles::operator=(InputFiles&& other) noexcept {
    files = std::move(other.files);
    skipped = std::move(other.skipped);
    std::swap(scratch, other.scratch);
    std::swap(scratch_lock, other.scratch_lock);
    return *this;
}

Result<InputFiles> collect_inputs(const std::vector<fs::path>& paths, const ArchiveLimits& limits) {
    std::error_code no_temp;
    if (const fs::path temp = fs::temp_directory_path(no_temp); !no_temp)
        remove_leftovers(temp);
    InputFiles out;
    Collector collector(out, limits);
    for (const auto& path : paths)
        if (auto done = collector.add_path(path); !done)
            return std::unexpected(done.error());
    return out;
}

} // namespace aafd::sync
