// What a provider may see of a person's AAF record, for the `aaf` feed format: the
// attributes of its field groups only, and in each multi-valued link (attachments,
// classes, groups, functions, relatives, children…) only the values that name one of its
// schools or a person it receives. The vocabulary is the AAF's (both flows: 2D sn,
// ENTEleveClasses…, 1D ENTPersonNom, ENTPersonClasses…); an attribute it does not list
// is never sent. Structures, subjects and MEFs are not cut; a provider receives the
// subjects and MEFs its people name (add_nomenclature). Pure.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "parsers/category.hpp"
#include "sync/core/attributes.hpp"
#include "sync/feed/format.hpp"

namespace aafd::sync {

struct AafCut {
    std::set<std::string> structures; // ENTStructureJointure of the provider's schools
    std::set<std::string> people;     // ENTPersonJointure of the people it receives
    FeedFields fields;
};

// The attributes of a record of `category` as the provider receives them, in the same
// order; the key attribute is always kept.
Attributes cut_attributes(Category category, const Attributes& attributes, const AafCut& cut);

// The subjects (ENTMatJointure) and MEFs (ENTMefJointure) named by a person's attributes
// as a provider receives them (cut_attributes): ENTEleveMEF, ENTAuxEnsMEF (S$mef),
// ENTAuxEnsMatiereEnseignEtab (S$subject), ENTAuxEnsClassesMatieres (S$class$subject).
struct AafNomenclature {
    std::set<std::string> subjects;
    std::set<std::string> mefs;
};
void add_nomenclature(const Attributes& cut_attributes, AafNomenclature& named);

// The field group that brings a person attribute, nullopt when aafd never sends it.
std::optional<FeedField> aaf_attribute_group(std::string_view name);

} // namespace aafd::sync
