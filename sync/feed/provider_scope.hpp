// Which people a provider may receive (its scope): everyone attached to one of its
// schools (by rattachement, class, group or function), and the relatives of those
// schools' pupils — legal representatives, and persons in charge when configured.
// Deleted people are never in scope.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sync/store/account_store.hpp"

namespace aafd::sync {

struct ProviderScope {
    std::unordered_set<std::int64_t> people; // object rowids
    // The provider's schools, by (source, structure id) as people's links name them.
    std::map<std::pair<std::string, std::string>, StructureRow> schools;
    // The labels of its schools' classes and groups, as the schools list them (2D
    // pupils' own links carry codes only): (source, structure id, kind, code) -> label.
    std::map<std::tuple<std::string, std::string, LinkKind, std::string>, std::string> labels;
};

Result<ProviderScope> compute_scope(AccountStore& store, const std::vector<std::string>& uais,
                                    bool persons_in_charge);

} // namespace aafd::sync
