// What aafd understands of a record: typed fields (names, birth date, INE, UAI) and
// links (to structures, classes, groups, relatives, functions), read from the
// canonical attributes with the vocabulary of either flow (2D sn/givenName, 1D
// ENTPersonNom/ENTPersonPrenom…). Pure: attributes in, entity out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/category.hpp"
#include "sync/core/attributes.hpp"

namespace aafd::sync {

enum class LinkKind {
    Structure, // target: structure jointure (S)
    Class,     // target: S, code: class code, detail: label
    Group,     // target: S, code: group code, detail: label
    Relative,  // target: relative id, code: link code (10, 20, 1…), detail: legal (1, 2)
    Child,     // target: pupil id (1D relatives list their pupils)
    Function,  // target: S, code: function code (ENS, DIR…), detail: discipline code
    Director,  // target: S (1D ENTEnsFonctionDir)
};
std::string_view link_kind_name(LinkKind kind);
std::optional<LinkKind> link_kind_from_name(std::string_view name);

struct Link {
    LinkKind kind = LinkKind::Structure;
    std::string target;
    std::string code;
    std::string detail;
    bool operator==(const Link&) const = default;
    auto operator<=>(const Link&) const = default;
};

struct Entity {
    std::string last_name;
    std::string first_name;
    std::string birth_date; // ISO 8601, or empty when absent or not a date
    std::string ine;
    std::string uai;         // structures
    std::string label;       // structure name, subject or MEF label
    std::vector<Link> links; // sorted, without duplicates
    bool operator==(const Entity&) const = default;
};

Entity interpret(Category category, const Attributes& attributes);

// The links the store indexes backwards, to find the people of a structure or the
// pupils of a relative: one Structure link per structure the entity is attached to in
// any way (rattachement, class, group, function, direction), and its Relative links.
std::vector<Link> backward_links(const Entity& entity);

// Whether aafd knows the attribute for that category (in either flow's vocabulary).
// An unknown one is kept in the store and reported as a warning, never an error.
bool is_known_attribute(Category category, std::string_view name);

} // namespace aafd::sync
