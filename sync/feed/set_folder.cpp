// Digest and atomic delivery of a folder batch.
#include "sync/feed/set_folder.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "sync/feed/batch_file.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

namespace aafd::sync {
namespace {

namespace fs = std::filesystem;

Result<std::string> read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in && !in.eof())
        return fail(ErrorCode::Io, path.string() + ": cannot read");
    return std::move(content).str();
}

Result<void> copy_files(const fs::path& from, const fs::path& to,
                        const std::vector<fs::path>& files) {
    for (const auto& file : files) {
        auto content = read_whole(from / file);
        if (!content)
            return std::unexpected(content.error());
        if (auto created = create_folders((to / file).parent_path(), 0750); !created)
            return std::unexpected(created.error());
        if (auto done = write_file_atomically(to / file, *content, k_batch_file_mode); !done)
            return done;
    }
    return {};
}

} // namespace

Result<std::vector<fs::path>> folder_files(const fs::path& folder) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file())
            files.push_back(fs::relative(it->path(), folder));
    if (ec)
        return fail(ErrorCode::Io, folder.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

Result<std::string> folder_digest(const fs::path& folder) {
    auto files = folder_files(folder);
    if (!files)
        return std::unexpected(files.error());
    Sha256 digest;
    for (const auto& file : *files) {
        auto content = read_whole(folder / file);
        if (!content)
            return std::unexpected(content.error());
        digest.update(file.string() + " " + sha256_hex(*content) + "\n");
    }
    return digest.hex_digest();
}

Result<void> deliver_folder(const fs::path& folder, const fs::path& outbox) {
    auto files = folder_files(folder);
    if (!files)
        return std::unexpected(files.error());
    auto name = folder.filename().string();
    auto part = outbox / ("." + name + ".part");
    auto target = outbox / name;
    std::error_code ec;
    fs::remove_all(part, ec);
    if (auto created = create_folders(part, 0750); !created)
        return std::unexpected(created.error());
    if (auto copied = copy_files(folder, part, *files); !copied)
        return copied;
    fs::remove_all(target, ec); // a set delivered again: the same files
    fs::rename(part, target, ec);
    if (ec)
        return fail(ErrorCode::Io, "cannot rename " + part.string() + " to " + target.string() +
                                       ": " + ec.message());
    return fsync_dir(outbox);
}

} // namespace aafd::sync
