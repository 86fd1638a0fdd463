// Paths of the spool.
#include "sync/fetch/spool.hpp"

#include <algorithm>
#include <system_error>

#include "util/file.hpp"

namespace aafd::sync {

std::filesystem::path Spool::part_file(const std::string& name) const {
    return part_file_of(partial() / name);
}

std::filesystem::path Spool::verified_file(const std::string& name) const {
    return partial() / (name + ".verified");
}

std::vector<std::filesystem::path> Spool::ready_files() const {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(ready(), ec), end; !ec && it != end;
         it.increment(ec)) {
        auto name = it->path().filename().string();
        if (it->is_regular_file() && !name.starts_with(".") && !is_part_file(name))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

Result<void> Spool::create() const {
    auto created = create_folders(partial(), 0700);
    if (created)
        created = create_folders(ready(), 0700);
    if (!created)
        return with_context(created.error(), "spool " + m_dir.string());
    return {};
}

std::filesystem::path part_file_of(const std::filesystem::path& file) {
    auto part = file;
    part += k_part_suffix;
    return part;
}

bool is_part_file(std::string_view name) { return name.ends_with(k_part_suffix); }

std::filesystem::path feed_staging_dir(const std::filesystem::path& root,
                                       const std::string& provider) {
    return root / "feed" / provider;
}

} // namespace aafd::sync
