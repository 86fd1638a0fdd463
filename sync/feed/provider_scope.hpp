// Which people a provider may receive (its scope): everyone attached to one of its
// schools (by rattachement, class, group or function), and the relatives of those
// schools' pupils — legal representatives, and persons in charge when configured.
// Deleted people are never in scope. The rule (compute_scope) is pure: it takes the rows
// read_scope reads through the AccountStore port.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sync/core/account_store.hpp"

namespace aafd::sync {

struct ProviderScope {
    std::unordered_set<std::int64_t> people; // object rowids
    // The provider's schools, by (source, structure id) as people's links name them.
    std::map<std::pair<std::string, std::string>, StructureRow> schools;
    // The labels of its schools' classes and groups, as the schools list them (2D
    // pupils' own links carry codes only): (source, structure id, kind, code) -> label.
    std::map<std::tuple<std::string, std::string, LinkKind, std::string>, std::string> labels;
};

// What the store holds about one of a provider's schools, as the port returns it.
struct SchoolRows {
    StructureRow school;
    std::vector<Link> links; // the school's own: its classes and groups, with their labels
    std::vector<std::pair<std::int64_t, Category>> attached; // attached_to the school
    std::vector<std::int64_t> relatives;                     // relatives_through_pupils
};

// The rows of the schools whose UAI is one of `uais`.
Result<std::vector<SchoolRows>>
read_school_rows(AccountStore& store, const std::vector<std::string>& uais, bool persons_in_charge);

// The scope made of those rows. Pure.
ProviderScope compute_scope(const std::vector<SchoolRows>& schools);

// read_school_rows, then compute_scope.
Result<ProviderScope> read_scope(AccountStore& store, const std::vector<std::string>& uais,
                                 bool persons_in_charge);

} // namespace aafd::sync
