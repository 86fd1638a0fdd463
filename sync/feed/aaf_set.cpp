// Writing a provider's AAF set: group its records by source, flow and category, then
// write each group in chunks through parsers/export_writer.
#include "sync/feed/aaf_set.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "parsers/export_writer.hpp"
#include "sync/feed/batch_file.hpp"
#include "util/file.hpp"

namespace aafd::sync {
namespace {

namespace fs = std::filesystem;

using GroupKey = std::tuple<std::string, Flow, Category>; // source, flow, category

struct SetPlan {
    std::map<GroupKey, std::vector<std::int64_t>> groups; // rowids, sorted
    std::map<std::string, AafCut> cuts;                   // by source
};

Result<void> add(AccountStore& store, SetPlan& plan, std::int64_t rowid, const FeedFields& fields) {
    auto object = existing_object(store, rowid);
    if (!object)
        return std::unexpected(object.error());
    const auto& key = object->key;
    plan.groups[{key.source, key.flow, key.category}].push_back(rowid);
    auto& cut = plan.cuts[key.source];
    cut.fields = fields;
    (key.category == Category::Structure ? cut.structures : cut.people).insert(key.id);
    return {};
}

Result<SetPlan> plan_set(AccountStore& store, const ProviderScope& scope,
                         const AafSetOptions& options) {
    SetPlan plan;
    for (const auto& [id, school] : scope.schools)
        if (auto done = add(store, plan, school.object, options.fields); !done)
            return std::unexpected(done.error());
    if (options.with_people) {
        std::vector<std::int64_t> people(scope.people.begin(), scope.people.end());
        std::sort(people.begin(), people.end());
        for (auto rowid : people)
            if (auto done = add(store, plan, rowid, options.fields); !done)
                return std::unexpected(done.error());
    }
    for (auto& [key, rowids] : plan.groups)
        std::sort(rowids.begin(), rowids.end());
    return plan;
}

// The categories a flow's export holds (1D exports have no subjects nor MEFs, and aafd
// sends none): each gets a file, empty or not.
constexpr std::array k_sent_categories{Category::Structure, Category::Pupil, Category::Relative,
                                       Category::Staff};

std::vector<Attribute> views(const Attributes& attributes) {
    std::vector<Attribute> out;
    for (const auto& attribute : attributes) {
        Attribute view{attribute.name, {}};
        for (const auto& value : attribute.values)
            view.values.emplace_back(value);
        out.push_back(std::move(view));
    }
    return out;
}

class ChunkWriter {
public:
    ChunkWriter(fs::path folder, std::string prefix, Flow flow, Category category,
                const AafSetOptions& options, AafSetReport& report)
        : m_folder(std::move(folder)), m_prefix(std::move(prefix)), m_flow(flow),
          m_category(category), m_options(options), m_report(report) {}

    Result<void> add(const StoredObject& object, const AafCut& cut) {
        if (m_records == m_options.chunk_records)
            if (auto done = flush(); !done)
                return done;
        auto attributes = cut_attributes(m_category, object.attributes, cut);
        append_request(m_text, Operation::Add, m_category, object.key.id, views(attributes));
        ++m_records;
        ++m_report.records;
        return {};
    }

    // Writes the chunk in progress; the first is written even when empty.
    Result<void> flush() {
        if (m_records == 0 && m_chunk > 0)
            return {};
        auto name = export_file_name(m_prefix, SetKind::Full, m_options.date, m_category, m_chunk);
        auto content =
            export_file_header(m_flow, m_options.date) + m_text + std::string(export_file_footer());
        if (auto done = write_file_atomically(m_folder / name, content, k_batch_file_mode); !done)
            return done;
        ++m_report.files;
        ++m_chunk;
        m_records = 0;
        m_text.clear();
        return {};
    }

private:
    fs::path m_folder;
    std::string m_prefix;
    Flow m_flow;
    Category m_category;
    const AafSetOptions& m_options;
    AafSetReport& m_report;
    std::string m_text;
    std::size_t m_records = 0;
    unsigned m_chunk = 0;
};

Result<void> write_group(AccountStore& store, const fs::path& folder, const GroupKey& key,
                         const std::vector<std::int64_t>& rowids, const AafCut& cut,
                         const AafSetOptions& options, AafSetReport& report) {
    const auto& [source, flow, category] = key;
    auto prefix = "ENT" + std::string(flow_name(flow)) + "-" + options.provider;
    ChunkWriter writer(folder / source, prefix, flow, category, options, report);
    for (auto rowid : rowids) {
        auto object = existing_object(store, rowid);
        if (!object)
            return std::unexpected(object.error());
        if (auto done = writer.add(*object, cut); !done)
            return done;
    }
    return writer.flush();
}

} // namespace

Result<AafSetReport> write_aaf_set(AccountStore& store, const ProviderScope& scope,
                                   const AafSetOptions& options, const fs::path& folder) {
    auto plan = plan_set(store, scope, options);
    if (!plan)
        return std::unexpected(plan.error());
    // Every flow a source has a school of gets every category's file.
    for (const auto& [key, rowids] : std::map(plan->groups))
        for (auto category : k_sent_categories)
            plan->groups.try_emplace({std::get<0>(key), std::get<1>(key), category});
    for (const auto& [source, cut] : plan->cuts)
        if (auto created = create_folders(folder / source, 0700); !created)
            return std::unexpected(created.error());
    if (auto created = create_folders(folder, 0700); !created)
        return std::unexpected(created.error());
    AafSetReport report;
    for (const auto& [key, rowids] : plan->groups)
        if (auto done = write_group(store, folder, key, rowids, plan->cuts[std::get<0>(key)],
                                    options, report);
            !done)
            return std::unexpected(done.error());
    return report;
}

} // namespace aafd::sync
