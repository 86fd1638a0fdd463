// Names of categories, flows and set kinds, both ways.
#include "parsers/category.hpp"

namespace aafd {
namespace {

struct CategoryNames {
    Category category;
    std::string_view file_token;
    std::string_view name;
    std::string_view operational;
    std::string_view key;
};

constexpr std::array<CategoryNames, 6> k_names{{
    {Category::Structure, "EtabEducNat", "EtabEducNat", "categorieStructure",
     "ENTStructureJointure"},
    {Category::Subject, "MatiereEducNat", "MatEducNat", "categorieMatiere", "ENTMatJointure"},
    {Category::Mef, "MefEducNat", "MefEducNat", "categorieMef", "ENTMefJointure"},
    {Category::Pupil, "Eleve", "Eleve", "categoriePersonne", "ENTPersonJointure"},
    {Category::Relative, "PersRelEleve", "PersRelEleve", "categoriePersonne", "ENTPersonJointure"},
    {Category::Staff, "PersEducNat", "PersEducNat", "categoriePersonne", "ENTPersonJointure"},
}};

const CategoryNames& names_of(Category category) {
    return k_names[static_cast<std::size_t>(category)];
}

} // namespace

std::string_view file_token(Category category) { return names_of(category).file_token; }
std::string_view category_name(Category category) { return names_of(category).name; }
std::string_view operational_attribute(Category category) { return names_of(category).operational; }
std::string_view key_attribute(Category category) { return names_of(category).key; }

bool is_person(Category category) {
    return category == Category::Pupil || category == Category::Relative ||
           category == Category::Staff;
}

std::optional<Category> category_from_file_token(std::string_view token) {
    for (const auto& entry : k_names)
        if (entry.file_token == token)
            return entry.category;
    return std::nullopt;
}

std::optional<Category> category_from_operational(std::string_view attribute,
                                                  std::string_view value) {
    for (const auto& entry : k_names)
        if (entry.operational == attribute && entry.name == value)
            return entry.category;
    return std::nullopt;
}

std::optional<Category> category_from_name(std::string_view name) {
    for (const auto& entry : k_names)
        if (entry.name == name || entry.file_token == name)
            return entry.category;
    return std::nullopt;
}

std::string_view flow_name(Flow flow) { return flow == Flow::First ? "1D" : "2D"; }

std::optional<Flow> flow_from_name(std::string_view name) {
    if (name == "1D" || name == "1d")
        return Flow::First;
    if (name == "2D" || name == "2d")
        return Flow::Second;
    return std::nullopt;
}

std::string_view set_kind_name(SetKind kind) { return kind == SetKind::Full ? "Complet" : "Delta"; }

std::optional<SetKind> set_kind_from_name(std::string_view name) {
    if (name == "Complet")
        return SetKind::Full;
    if (name == "Delta")
        return SetKind::Delta;
    return std::nullopt;
}

} // namespace aafd
