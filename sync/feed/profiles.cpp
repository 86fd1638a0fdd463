// Profile derivation from category, functions, teacher flag and 1D director links.
#include "sync/feed/profiles.hpp"

#include <algorithm>

namespace aafd::sync {
namespace {

void add(std::vector<std::string>& profiles, const std::string& profile) {
    if (!profile.empty())
        profiles.push_back(profile);
}

std::vector<std::string> staff_profiles(const Entity& entity, const Attributes& attributes,
                                        const ProfileTable& table) {
    std::vector<std::string> profiles;
    for (const auto& link : entity.links) {
        if (link.kind == LinkKind::Function) {
            auto it = table.functions.find(link.code);
            add(profiles, it != table.functions.end() ? it->second : table.staff_default);
        }
        if (link.kind == LinkKind::Director)
            add(profiles, table.director);
    }
    if (first_value(attributes, "ENTPersonCategorieEnseignant") == "O")
        add(profiles, table.teacher);
    if (profiles.empty())
        add(profiles, table.staff_default);
    return profiles;
}

} // namespace

std::vector<std::string> derive_profiles(Category category, const Entity& entity,
                                         const Attributes& attributes, const ProfileTable& table) {
    std::vector<std::string> profiles;
    if (category == Category::Staff)
        profiles = staff_profiles(entity, attributes, table);
    else if (is_person(category))
        if (auto it = table.categories.find(std::string(category_name(category)));
            it != table.categories.end())
            add(profiles, it->second);
    std::sort(profiles.begin(), profiles.end());
    profiles.erase(std::unique(profiles.begin(), profiles.end()), profiles.end());
    return profiles;
}

} // namespace aafd::sync
