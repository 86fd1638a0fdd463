// The vocabulary that names what an AAF export holds: the six record categories
// (in the order they must be applied), the two flows and the two kinds of set.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace aafd {

// Declared in dependency order: structures, then subjects and MEFs, then pupils,
// relatives and staff. Sorting by this enum is applying in a safe order.
enum class Category { Structure, Subject, Mef, Pupil, Relative, Staff };

inline constexpr std::array k_all_categories{Category::Structure, Category::Subject,
                                             Category::Mef,       Category::Pupil,
                                             Category::Relative,  Category::Staff};

// File token: "EtabEducNat", "MatiereEducNat", "MefEducNat", "Eleve", "PersRelEleve",
// "PersEducNat".
std::string_view file_token(Category category);
// Value of the operational attribute: "EtabEducNat", "MatEducNat", "MefEducNat", "Eleve",
// "PersRelEleve", "PersEducNat". Also the name aafd prints.
std::string_view category_name(Category category);
// "categorieStructure", "categorieMatiere", "categorieMef" or "categoriePersonne".
std::string_view operational_attribute(Category category);
// "ENTStructureJointure", "ENTMatJointure", "ENTMefJointure" or "ENTPersonJointure".
std::string_view key_attribute(Category category);
bool is_person(Category category);

std::optional<Category> category_from_file_token(std::string_view token);
// From the operational attribute's name and value; nullopt for an unknown pair.
std::optional<Category> category_from_operational(std::string_view attribute,
                                                  std::string_view value);
// From the printed name (category_name), as typed on the command line.
std::optional<Category> category_from_name(std::string_view name);

// 1D: premier degré (écoles); 2D: second degré (collèges, lycées).
enum class Flow { First, Second };
std::string_view flow_name(Flow flow); // "1D" or "2D"
std::optional<Flow> flow_from_name(std::string_view name);

enum class SetKind { Full, Delta };
std::string_view set_kind_name(SetKind kind); // "Complet" or "Delta"
std::optional<SetKind> set_kind_from_name(std::string_view name);

} // namespace aafd
