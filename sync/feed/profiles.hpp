// ENT profiles (National_ELV, National_TUT, National_ENS…) are not in the AAF: the
// ENT derives them from the category and, for staff, the functions. The table is
// configuration ([profiles]); this derivation is pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "parsers/category.hpp"
#include "sync/core/attributes.hpp"
#include "sync/core/entity.hpp"

namespace aafd::sync {

struct ProfileTable {
    std::map<std::string, std::string> categories; // "Eleve" -> "National_ELV"
    std::map<std::string, std::string> functions;  // "ENS" -> "National_ENS"
    std::string staff_default;                     // a function not in the table
    std::string teacher;                           // ENTPersonCategorieEnseignant=O
    std::string director;                          // 1D ENTEnsFonctionDir
};

// Sorted, without duplicates; empty for structures, subjects and MEFs.
std::vector<std::string> derive_profiles(Category category, const Entity& entity,
                                         const Attributes& attributes, const ProfileTable& table);

} // namespace aafd::sync
