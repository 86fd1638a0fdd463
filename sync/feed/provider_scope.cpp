// Scope: per school, the people attached to it and the relatives of its pupils.
#include "sync/feed/provider_scope.hpp"

namespace aafd::sync {
namespace {

Result<void> add_labels(AccountStore& store, const StructureRow& school, ProviderScope& scope) {
    auto object = store.object(school.object);
    if (!object)
        return std::unexpected(object.error());
    if (*object)
        for (const auto& link : (*object)->entity.links)
            if (link.kind == LinkKind::Class || link.kind == LinkKind::Group)
                scope.labels[{school.source, school.id, link.kind, link.code}] = link.detail;
    return {};
}

} // namespace

Result<ProviderScope> compute_scope(AccountStore& store, const std::vector<std::string>& uais,
                                    bool persons_in_charge) {
    auto structures = store.structures_with_uai(uais);
    if (!structures)
        return std::unexpected(structures.error());
    ProviderScope scope;
    for (const auto& school : *structures) {
        scope.schools.emplace(std::pair{school.source, school.id}, school);
        if (auto labelled = add_labels(store, school, scope); !labelled)
            return std::unexpected(labelled.error());
        auto attached = store.attached_to(school.source, school.id);
        if (!attached)
            return std::unexpected(attached.error());
        for (const auto& [rowid, category] : *attached)
            if (is_person(category))
                scope.people.insert(rowid);
        auto relatives =
            store.relatives_through_pupils(school.source, school.id, persons_in_charge);
        if (!relatives)
            return std::unexpected(relatives.error());
        scope.people.insert(relatives->begin(), relatives->end());
    }
    return scope;
}

} // namespace aafd::sync
