// Reading a full `aaf` set back, and the Delta set between two of them.
#include "sync/feed/aaf_delta.hpp"

#include <set>

#include "parsers/byte_source.hpp"
#include "parsers/export_file_name.hpp"
#include "parsers/export_reader.hpp"
#include "sync/feed/aaf_set.hpp"
#include "util/file.hpp"

namespace aafd::sync {
namespace {

namespace fs = std::filesystem;

// Copies each record of a file into its group.
class GroupSink : public RecordSink {
public:
    explicit GroupSink(std::map<std::string, Attributes>& records) : m_records(records) {}

    Result<void> on_metadata(const FileMetadata&) override { return {}; }

    Result<void> on_block(RecordBlock& block) override {
        for (const auto& record : block.records()) {
            Attributes attributes;
            for (const auto& attribute : record.attributes)
                attributes.push_back({std::string(attribute.name),
                                      {attribute.values.begin(), attribute.values.end()}});
            m_records[std::string(record.id)] = std::move(attributes);
        }
        return {};
    }

private:
    std::map<std::string, Attributes>& m_records;
};

// Reading back aafd's own files: not the import's tuning ([import] block_size), a block
// only bounds the text parsed at once.
constexpr std::size_t k_read_block = 1u << 20;

Result<void> read_file(const fs::path& path, const std::string& source, AafSetContent& content) {
    auto name = parse_export_file_name(path.filename().string());
    if (!name || !name->flow || name->kind != SetKind::Full)
        return fail(ErrorCode::BadInput, path.string() + ": not a file of a full aaf set");
    auto& records = content.groups[{source, *name->flow, name->category}];
    auto bytes = open_file_source(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    GroupSink sink(records);
    auto read = read_export(**bytes, path.string(), sink, {k_read_block});
    if (!read)
        return std::unexpected(read.error());
    return {};
}

// The attributes of `after` that differ from `before`, and those of `before` it lacks
// as no value: the modifications of a modifyRequest.
Attributes modifications(const Attributes& before, const Attributes& after) {
    std::map<std::string_view, const std::vector<std::string>*> old;
    for (const auto& attribute : before)
        old[attribute.name] = &attribute.values;
    Attributes changed;
    for (const auto& attribute : after) {
        auto it = old.find(attribute.name);
        if (it == old.end() || *it->second != attribute.values)
            changed.push_back(attribute);
        if (it != old.end())
            old.erase(it);
    }
    for (const auto& [name, values] : old)
        changed.push_back({std::string(name), {}});
    return changed;
}

const std::map<std::string, Attributes>& records_of(const AafSetContent& content,
                                                    const AafGroupKey& key) {
    static const std::map<std::string, Attributes> k_none;
    auto it = content.groups.find(key);
    return it == content.groups.end() ? k_none : it->second;
}

// Adds and modifications in id order, then deletions.
Result<void> write_group(const AafGroupKey& key, const AafSetContent& before,
                         const AafSetContent& after, const AafDeltaOptions& options,
                         const fs::path& folder, AafSetReport& report) {
    const auto& [source, flow, category] = key;
    const auto& old = records_of(before, key);
    const auto& now = records_of(after, key);
    AafChunkWriter writer({folder / source, aaf_file_prefix(flow, options.provider), flow, category,
                           SetKind::Delta, options.date, options.chunk_records},
                          report);
    for (const auto& [id, attributes] : now) {
        auto it = old.find(id);
        Result<void> done;
        if (it == old.end())
            done = writer.add(Operation::Add, id, attributes);
        else if (it->second != attributes)
            done = writer.add(Operation::Modify, id, modifications(it->second, attributes));
        if (!done)
            return done;
    }
    for (const auto& [id, attributes] : old)
        if (!now.contains(id))
            if (auto done = writer.add(Operation::Delete, id, {}); !done)
                return done;
    return writer.flush();
}

} // namespace

Result<AafSetContent> read_aaf_set(const fs::path& folder) {
    AafSetContent content;
    std::error_code ec;
    for (fs::directory_iterator source(folder, ec), end; !ec && source != end;
         source.increment(ec)) {
        if (!source->is_directory())
            continue;
        auto name = source->path().filename().string();
        for (fs::directory_iterator file(source->path(), ec); !ec && file != end;
             file.increment(ec))
            if (file->is_regular_file())
                if (auto read = read_file(file->path(), name, content); !read)
                    return std::unexpected(read.error());
    }
    if (ec)
        return fail(ErrorCode::Io, folder.string() + ": " + ec.message());
    return content;
}

std::map<std::string, std::set<std::string>> aaf_structures(const AafSetContent& content) {
    std::map<std::string, std::set<std::string>> structures;
    for (const auto& [key, records] : content.groups)
        if (std::get<2>(key) == Category::Structure)
            for (const auto& [id, attributes] : records)
                structures[std::get<0>(key)].insert(id);
    return structures;
}

Result<AafSetReport> write_aaf_delta(const AafSetContent& before, const AafSetContent& after,
                                     const AafDeltaOptions& options, const fs::path& folder) {
    std::set<AafGroupKey> keys;
    for (const auto* content : {&before, &after})
        for (const auto& [key, records] : content->groups)
            keys.insert(key);
    if (auto created = create_folders(folder, 0700); !created)
        return std::unexpected(created.error());
    for (const auto& key : keys)
        if (auto created = create_folders(folder / std::get<0>(key), 0700); !created)
            return std::unexpected(created.error());
    AafSetReport report;
    for (const auto& key : keys)
        if (auto done = write_group(key, before, after, options, folder, report); !done)
            return std::unexpected(done.error());
    return report;
}

} // namespace aafd::sync
