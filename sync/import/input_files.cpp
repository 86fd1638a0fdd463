// Walking folders, extracting archives with libarchive, probing files for their flow.
#include "sync/import/input_files.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
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

class Collector {
public:
    explicit Collector(InputFiles& out) : m_out(out) {}
    Result<void> add_path(const fs::path& path);

private:
    Result<void> add_file(const fs::path& path, const std::string& display,
                          std::optional<Flow> archive_flow);
    Result<void> add_folder(const fs::path& path);
    Result<void> add_archive(const fs::path& path);
    Result<void> extract_entry(archive* reader, archive_entry* entry, const fs::path& into,
                               const fs::path& archive_path, std::optional<Flow> flow);
    Result<fs::path> scratch_folder();

    InputFiles& m_out;
    unsigned m_archives = 0;
};

Result<fs::path> Collector::scratch_folder() {
    if (m_out.scratch.empty()) {
        std::string pattern = (fs::temp_directory_path() / "aafd-import-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            return fail(ErrorCode::Io, "cannot create a scratch folder in " +
                                           fs::temp_directory_path().string() + ": " +
                                           std::strerror(errno));
        m_out.scratch = pattern;
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
    int rc;
    while ((rc = archive_read_data_block(reader, &block, &size, &offset)) == ARCHIVE_OK)
        out.write(static_cast<const char*>(block), static_cast<std::streamsize>(size));
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
    archive_read_support_filter_all(reader.get());
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_gnutar(reader.get());
    archive_read_support_format_zip(reader.get());
    if (archive_read_open_filename(reader.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
        return fail(ErrorCode::BadInput,
                    path.string() + ": cannot open archive: " + archive_error_string(reader.get()));
    auto flow = parse_archive_name(path.filename().string()).flow;
    archive_entry* entry = nullptr;
    int rc;
    while ((rc = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
        if (archive_entry_filetype(entry) != AE_IFREG)
            continue;
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
      scratch(std::exchange(other.scratch, {})) {}

InputFiles& InputFiles::operator=(InputFiles&& other) noexcept {
    files = std::move(other.files);
    skipped = std::move(other.skipped);
    std::swap(scratch, other.scratch);
    return *this;
}

Result<InputFiles> collect_inputs(const std::vector<fs::path>& paths) {
    InputFiles out;
    Collector collector(out);
    for (const auto& path : paths)
        if (auto done = collector.add_path(path); !done)
            return std::unexpected(done.error());
    return out;
}

} // namespace aafd::sync
