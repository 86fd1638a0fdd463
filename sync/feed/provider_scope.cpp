// Scope: per school, the people attached to it and the relatives of its pupils.
#include "sync/feed/provider_scope.hpp"

namespace aafd::sync {
namespace {

Result<SchoolRows> read_rows_of(AccountStore& store, const StructureRow& school,
                                bool persons_in_charge) {
    SchoolRows rows{school, {}, {}, {}};
    auto object = store.object(school.object);
    if (!object)
        return std::unexpected(object.error());
    if (*object)
        rows.links = (*object)->entity.links;
    auto attached = store.attached_to(school.source, school.id);
    if (!attached)
        return std::unexpected(attached.error());
    rows.attached = std::move(*attached);
    auto relatives = store.relatives_through_pupils(school.source, school.id, persons_in_charge);
    if (!relatives)
        return std::unexpected(relatives.error());
    rows.relatives = std::move(*relatives);
    return rows;
}

} // namespace

Result<std::vector<SchoolRows>> read_school_rows(AccountStore& store,
                                                 const std::vector<std::string>& uais,
                                                 bool persons_in_charge) {
    auto structures = store.structures_with_uai(uais);
    if (!structures)
        return std::unexpected(structures.error());
    std::vector<SchoolRows> schools;
    for (const auto& school : *structures) {
        auto rows = read_rows_of(store, school, persons_in_charge);
        if (!rows)
            return std::unexpected(rows.error());
        schools.push_back(std::move(*rows));
    }
    return schools;
}

ProviderScope compute_scope(const std::vector<SchoolRows>& schools) {
    ProviderScope scope;
    for (const auto& [school, links, attached, relatives] : schools) {
        scope.schools.emplace(std::pair{school.source, school.id}, school);
        for (const auto& link : links)
            if (link.kind == LinkKind::Class || link.kind == LinkKind::Group)
                scope.labels[{school.source, school.id, link.kind, link.code}] = link.detail;
        for (const auto& [rowid, category] : attached)
            if (is_person(category))
                scope.people.insert(rowid);
        scope.people.insert(relatives.begin(), relatives.end());
    }
    return scope;
}

Result<ProviderScope> read_scope(AccountStore& store, const std::vector<std::string>& uais,
                                 bool persons_in_charge) {
    auto rows = read_school_rows(store, uais, persons_in_charge);
    if (!rows)
        return std::unexpected(rows.error());
    return compute_scope(*rows);
}

} // namespace aafd::sync
