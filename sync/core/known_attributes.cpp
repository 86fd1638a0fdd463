// The attributes aafd knows, per category, in the 1D and 2D vocabularies (from the
// format page and the published samples). Anything else is new in some format
// version: kept in the store and reported, never fatal.
#include <algorithm>
#include <array>
#include <string_view>

#include "sync/core/entity.hpp"

namespace aafd::sync {
namespace {

constexpr auto k_structure = std::to_array<std::string_view>({
    "ENTEcoleCirconscription",
    "ENTEcoleCommune",
    "ENTEcoleMinistereTutelle",
    "ENTEcoleRPI",
    "ENTEcoleSecteur",
    "ENTEtablissementBassin",
    "ENTEtablissementCodeMinistereTutelle",
    "ENTEtablissementContrat",
    "ENTEtablissementMinistereTutelle",
    "ENTEtablissementStructRattachFctl",
    "ENTEtablissementUAI",
    "ENTServAcAcademie",
    "ENTServAcCodeAcademie",
    "ENTStructureAdresse",
    "ENTStructureClasses",
    "ENTStructureCodePostal",
    "ENTStructureCodeTypeStruct",
    "ENTStructureEmail",
    "ENTStructureGroupes",
    "ENTStructureJointure",
    "ENTStructureMailSI",
    "ENTStructureNomCourant",
    "ENTStructureSIREN",
    "ENTStructureTelephone",
    "ENTStructureTypeStruct",
    "ENTStructureUAI",
    "ENTStructureVille",
    "facsimileTelephoneNumber",
    "l",
    "postOfficeBox",
    "postalCode",
    "street",
    "telephoneNumber",
});

constexpr auto k_subject = std::to_array<std::string_view>({"ENTLibelleMatiere", "ENTMatJointure"});

constexpr auto k_mef = std::to_array<std::string_view>(
    {"ENTLibelleMef", "ENTMEFRattach", "ENTMEFSTAT11", "ENTMefJointure"});

constexpr auto k_pupil = std::to_array<std::string_view>({
    "ENTEleveAdresseRel",
    "ENTEleveAutoriteParentale",
    "ENTEleveBoursier",
    "ENTEleveClasses",
    "ENTEleveCodeEnseignements",
    "ENTEleveCycle",
    "ENTEleveDateEntreeClasses",
    "ENTEleveDateSortieClasses",
    "ENTEleveEnseignements",
    "ENTEleveEtudesSurveillees",
    "ENTEleveFiliere",
    "ENTEleveGarderieMatin",
    "ENTEleveGarderieSoir",
    "ENTEleveGroupes",
    "ENTEleveINE",
    "ENTEleveLibelleMEF",
    "ENTEleveMEF",
    "ENTEleveMere",
    "ENTEleveNivFormation",
    "ENTEleveNiveau",
    "ENTEleveParents",
    "ENTElevePere",
    "ENTElevePersRelEleve",
    "ENTElevePersRelEleve1",
    "ENTElevePersRelEleve2",
    "ENTEleveQualitePersRelEleve1",
    "ENTEleveQualitePersRelEleve2",
    "ENTEleveRegime",
    "ENTEleveRestaurantScolaire",
    "ENTEleveStatutEleve",
    "ENTEleveStructRattachId",
    "ENTEleveTransport",
    "ENTEleveTypeClasse",
    "ENTPersonAdresse",
    "ENTPersonAutresPrenoms",
    "ENTPersonCivilite",
    "ENTPersonClasses",
    "ENTPersonCodePostal",
    "ENTPersonDateNaissance",
    "ENTPersonGroupes",
    "ENTPersonJointure",
    "ENTPersonMail",
    "ENTPersonNom",
    "ENTPersonNomPatro",
    "ENTPersonPays",
    "ENTPersonPrenom",
    "ENTPersonStructRattach",
    "ENTPersonVille",
    "givenName",
    "mail",
    "personalTitle",
    "sn",
});

constexpr auto k_relative = std::to_array<std::string_view>({
    "ENTPersRelEleveEleve",
    "ENTPersRelEleveTelMobile",
    "ENTPersRelEleveTelPro",
    "ENTPersonAdresse",
    "ENTPersonAutresPrenoms",
    "ENTPersonCivilite",
    "ENTPersonCodePostal",
    "ENTPersonDateNaissance",
    "ENTPersonJointure",
    "ENTPersonMail",
    "ENTPersonNom",
    "ENTPersonNomPatro",
    "ENTPersonPays",
    "ENTPersonPrenom",
    "ENTPersonTelPerso",
    "ENTPersonVille",
    "givenName",
    "homePhone",
    "mail",
    "mobile",
    "personalTitle",
    "sn",
    "telephoneNumber",
});

constexpr auto k_staff = std::to_array<std::string_view>({
    "ENTAuxEnsCategoDiscipline",
    "ENTAuxEnsClasses",
    "ENTAuxEnsClassesMatieres",
    "ENTAuxEnsClassesPrincipal",
    "ENTAuxEnsDisciplinesPoste",
    "ENTAuxEnsGroupes",
    "ENTAuxEnsGroupesMatieres",
    "ENTAuxEnsMEF",
    "ENTAuxEnsMatiereEnseignEtab",
    "ENTEnsFonctionDir",
    "ENTPersonAutresPrenoms",
    "ENTPersonCategorieEnseignant",
    "ENTPersonCivilite",
    "ENTPersonClasses",
    "ENTPersonDateNaissance",
    "ENTPersonFonctions",
    "ENTPersonGroupes",
    "ENTPersonJointure",
    "ENTPersonMail",
    "ENTPersonNom",
    "ENTPersonNomPatro",
    "ENTPersonPrenom",
    "ENTPersonStructRattach",
    "givenName",
    "mail",
    "PersEducNatPresenceDevantEleves",
    "personalTitle",
    "sn",
});

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// 2025 adds "…Date" companions to 1D attributes (e.g. ENTEnsFonctionDirDate).
bool is_date_companion(Category category, std::string_view name) {
    constexpr std::string_view k_suffix = "Date";
    if (!name.ends_with(k_suffix) || name.size() == k_suffix.size())
        return false;
    auto base = name.substr(0, name.size() - k_suffix.size());
    return category == Category::Staff ? contains(k_staff, base) : contains(k_pupil, base);
}

} // namespace

bool is_known_attribute(Category category, std::string_view name) {
    switch (category) {
    case Category::Structure:
        return contains(k_structure, name);
    case Category::Subject:
        return contains(k_subject, name);
    case Category::Mef:
        return contains(k_mef, name);
    case Category::Pupil:
        return contains(k_pupil, name) || is_date_companion(category, name);
    case Category::Relative:
        return contains(k_relative, name);
    case Category::Staff:
        return contains(k_staff, name) || is_date_companion(category, name);
    }
    return false;
}
} // namespace aafd::sync
