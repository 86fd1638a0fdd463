// Writing a provider's AAF set: group its records by source, flow and category, then
// write each group in chunks through parsers/export_writer.
#include "sync/feed/aaf_set.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "sync/feed/aaf_chunk_writer.hpp"
#include "util/file.hpp"

namespace aafd::sync {
namespace {

namespace fs = std::filesystem;

using GroupKey = std::tuple<std::string, Flow, Category>; // source, flow, category

struct SetPlan {
    std::map<GroupKey, std::vector<std::int64_t>> groups; // rowids, sorted
    std::map<std::string, AafCut> cuts;                   // by source
    std::map<std::string, AafNomenclature> named;         // by source
};

// Schools first: a person's subjects and MEFs are read from its attributes cut to them.
Result<void> add(AccountStore& store, SetPlan& plan, std::int64_t rowid, const FeedFields& fields) {
    auto object = existing_object(store, rowid);
    if (!object)
        return std::unexpected(object.error());
    const auto& key = object->key;
    plan.groups[{key.source, key.flow, key.category}].push_back(rowid);
    auto& cut = plan.cuts[key.source];
    cut.fields = fields;
    (key.category == Category::Structure ? cut.structures : cut.people).insert(key.id);
    if (is_person(key.category))
        add_nomenclature(cut_attributes(key.category, object->attributes, cut),
                         plan.named[key.source]);
    return {};
}

// The active subjects and MEFs of the source that the provider's people name.
Result<void> add_nomenclature_objects(AccountStore& store, SetPlan& plan) {
    for (const auto& [source, named] : plan.named)
        for (auto [category, codes] :
             {std::pair{Category::Subject, &named.subjects}, std::pair{Category::Mef, &named.mefs}})
            for (const auto& code : *codes) {
                auto found = store.objects_with_id(source, category, code);
                if (!found)
                    return std::unexpected(found.error());
                for (const auto& object : *found)
                    if (object.state == State::Active)
                        plan.groups[{source, object.key.flow, category}].push_back(object.rowid);
            }
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
        if (auto done = add_nomenclature_objects(store, plan); !done)
            return std::unexpected(done.error());
    }
    for (auto& [key, rowids] : plan.groups)
        std::sort(rowids.begin(), rowids.end());
    return plan;
}

// The categories a flow's export holds, each a file, empty or not: 1D exports have no
// subjects nor MEFs.
std::vector<Category> sent_categories(Flow flow) {
    if (flow == Flow::First)
        return {Category::Structure, Category::Pupil, Category::Relative, Category::Staff};
    return {k_all_categories.begin(), k_all_categories.end()};
}

Result<void> write_group(AccountStore& store, const fs::path& folder, const GroupKey& key,
                         const std::vector<std::int64_t>& rowids, const AafCut& cut,
                         const AafSetOptions& options, AafSetReport& report) {
    const auto& [source, flow, category] = key;
    AafChunkWriter writer({folder / source, aaf_file_prefix(flow, options.provider), flow, category,
                           SetKind::Full, options.date, options.chunk_records},
                          report);
    for (auto rowid : rowids) {
        auto object = existing_object(store, rowid);
        if (!object)
            return std::unexpected(object.error());
        auto attributes = cut_attributes(category, object->attributes, cut);
        if (auto done = writer.add(Operation::Add, object->key.id, attributes); !done)
            return done;
    }
    return writer.flush();
}

} // namespace

std::string aaf_file_prefix(Flow flow, const std::string& provider) {
    return "ENT" + std::string(flow_name(flow)) + "-" + provider;
}

Result<AafSetReport> write_aaf_set(AccountStore& store, const ProviderScope& scope,
                                   const AafSetOptions& options, const fs::path& folder) {
    auto plan = plan_set(store, scope, options);
    if (!plan)
        return std::unexpected(plan.error());
    // Every flow a source has a school of gets every category's file.
    for (const auto& [key, rowids] : std::map(plan->groups))
        for (auto category : sent_categories(std::get<1>(key)))
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
