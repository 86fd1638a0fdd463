// Looking up the person or structure a command names.
#include "daemon/person_lookup.hpp"

namespace aafd::cli {
namespace {

Result<std::vector<Category>> person_categories(const std::string& name) {
    if (name.empty())
        return std::vector<Category>{Category::Pupil, Category::Relative, Category::Staff};
    auto category = category_from_name(name);
    if (!category || !is_person(*category))
        return fail(ErrorCode::Config, "--category must be Eleve, PersRelEleve or PersEducNat");
    return std::vector<Category>{*category};
}

} // namespace

Result<sync::StoredObject> pick_one(std::vector<sync::StoredObject> found, const std::string& flow,
                                    const std::string& what) {
    if (!flow.empty())
        std::erase_if(found, [&](const auto& o) { return flow_name(o.key.flow) != flow; });
    if (found.empty())
        return fail(ErrorCode::NotFound, "no " + what + " in the store");
    if (found.size() > 1) {
        std::string candidates;
        for (const auto& o : found)
            candidates += " " + o.key.source + "/" + std::string(flow_name(o.key.flow)) + "/" +
                          std::string(category_name(o.key.category));
        return fail(ErrorCode::Config, what + " is ambiguous:" + candidates +
                                           "; narrow it with --source, --flow or --category");
    }
    return std::move(found.front());
}

Result<sync::StoredObject> find_person(sync::Store& store, const std::string& source,
                                       const std::string& id, const std::string& category,
                                       const std::string& flow) {
    auto categories = person_categories(category);
    if (!categories)
        return std::unexpected(categories.error());
    auto found = store.find_objects(source, id, *categories);
    if (!found)
        return std::unexpected(found.error());
    return pick_one(std::move(*found), flow, "person " + id);
}

} // namespace aafd::cli
