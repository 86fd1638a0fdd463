// The table of person attributes a provider may receive, with the group that brings each
// and what its values point at.
#include "sync/feed/aaf_cut.hpp"

#include <array>
#include <tuple>

namespace aafd::sync {
namespace {

enum class Points {
    Nothing,   // a plain value
    Structure, // the value, or its first '$'-separated part, is a structure id
    Person,    // the value, or its first '$'-separated part, is a person id
};

struct AttributeRule {
    std::string_view name;
    FeedField group;
    Points points;
};

// Names, birth date, attachments, functions, classes and groups, relatives and pupils,
// as the 2D and 1D exports name them (docs/aaf-format.md; the demo académie).
constexpr std::array<AttributeRule, 38> k_rules{{
    {"sn", FeedField::Names, Points::Nothing},
    {"givenName", FeedField::Names, Points::Nothing},
    {"personalTitle", FeedField::Names, Points::Nothing},
    {"ENTPersonNom", FeedField::Names, Points::Nothing},
    {"ENTPersonPrenom", FeedField::Names, Points::Nothing},
    {"ENTPersonNomPatro", FeedField::Names, Points::Nothing},
    {"ENTPersonAutresPrenoms", FeedField::Names, Points::Nothing},
    {"ENTPersonCivilite", FeedField::Names, Points::Nothing},
    {"ENTPersonDateNaissance", FeedField::BirthDate, Points::Nothing},
    {"ENTPersonProfils", FeedField::Profiles, Points::Nothing},
    {"ENTPersonCategorieEnseignant", FeedField::Profiles, Points::Nothing},
    {"PersEducNatPresenceDevantEleves", FeedField::Profiles, Points::Nothing},
    {"ENTPersonFonctions", FeedField::Profiles, Points::Structure},
    {"ENTEnsFonctionDir", FeedField::Profiles, Points::Structure},
    {"ENTPersonStructRattach", FeedField::Schools, Points::Structure},
    {"ENTEleveStructRattachId", FeedField::Schools, Points::Structure},
    {"ENTEleveClasses", FeedField::Classes, Points::Structure},
    {"ENTEleveGroupes", FeedField::Classes, Points::Structure},
    {"ENTPersonClasses", FeedField::Classes, Points::Structure},
    {"ENTPersonGroupes", FeedField::Classes, Points::Structure},
    {"ENTAuxEnsClasses", FeedField::Classes, Points::Structure},
    {"ENTAuxEnsGroupes", FeedField::Classes, Points::Structure},
    {"ENTAuxEnsClassesMatieres", FeedField::Classes, Points::Structure},
    {"ENTAuxEnsGroupesMatieres", FeedField::Classes, Points::Structure},
    {"ENTAuxEnsClassesPrincipal", FeedField::Classes, Points::Structure},
    {"ENTAuxEnsMatiereEnseignEtab", FeedField::Classes, Points::Structure},
    {"ENTAuxEnsMEF", FeedField::Classes, Points::Structure},
    {"ENTEleveMEF", FeedField::Classes, Points::Nothing},
    {"ENTEleveLibelleMEF", FeedField::Classes, Points::Nothing},
    {"ENTEleveNivFormation", FeedField::Classes, Points::Nothing},
    {"ENTEleveNiveau", FeedField::Classes, Points::Nothing},
    {"ENTEleveCycle", FeedField::Classes, Points::Nothing},
    {"ENTEleveAutoriteParentale", FeedField::Links, Points::Person},
    {"ENTElevePersRelEleve", FeedField::Links, Points::Person},
    {"ENTElevePere", FeedField::Links, Points::Person},
    {"ENTEleveMere", FeedField::Links, Points::Person},
    {"ENTEleveParents", FeedField::Links, Points::Person},
    {"ENTPersRelEleveEleve", FeedField::Links, Points::Person},
}};

const AttributeRule* rule_of(std::string_view name) {
    for (const auto& rule : k_rules)
        if (rule.name == name)
            return &rule;
    return nullptr;
}

std::string_view first_part(std::string_view value) { return value.substr(0, value.find('$')); }

bool value_allowed(const std::string& value, Points points, const AafCut& cut) {
    switch (points) {
    case Points::Structure:
        return cut.structures.contains(std::string(first_part(value)));
    case Points::Person:
        return cut.people.contains(std::string(first_part(value)));
    case Points::Nothing:
        break;
    }
    return true;
}

} // namespace

void add_nomenclature(const Attributes& cut_attributes, AafNomenclature& named) {
    // name, the '$'-separated part that holds the code, the set it goes to
    const std::array<std::tuple<std::string_view, std::size_t, std::set<std::string>*>, 4>
        k_references{{{"ENTEleveMEF", 0, &named.mefs},
                      {"ENTAuxEnsMEF", 1, &named.mefs},
                      {"ENTAuxEnsMatiereEnseignEtab", 1, &named.subjects},
                      {"ENTAuxEnsClassesMatieres", 2, &named.subjects}}};
    for (const auto& attribute : cut_attributes)
        for (const auto& [name, part, codes] : k_references) {
            if (attribute.name != name)
                continue;
            for (std::string_view value : attribute.values) {
                for (std::size_t i = 0; i < part && value.find('$') != std::string_view::npos; ++i)
                    value.remove_prefix(value.find('$') + 1);
                if (auto code = first_part(value); !code.empty())
                    codes->insert(std::string(code));
            }
        }
}

std::optional<FeedField> aaf_attribute_group(std::string_view name) {
    const auto* rule = rule_of(name);
    return rule ? std::optional{rule->group} : std::nullopt;
}

Attributes cut_attributes(Category category, const Attributes& attributes, const AafCut& cut) {
    if (!is_person(category))
        return attributes;
    Attributes kept;
    for (const auto& attribute : attributes) {
        if (attribute.name == key_attribute(category)) {
            kept.push_back(attribute);
            continue;
        }
        const auto* rule = rule_of(attribute.name);
        if (!rule || !cut.fields.contains(rule->group))
            continue;
        AttributeValues values{attribute.name, {}};
        for (const auto& value : attribute.values)
            if (value_allowed(value, rule->points, cut))
                values.values.push_back(value);
        if (!values.values.empty())
            kept.push_back(std::move(values));
    }
    return kept;
}

} // namespace aafd::sync
