// Specification of sync/feed/ldif_format: the LDIF change records of the `ldap` and
// `ldif` formats (docs/ldap.md).
#include <doctest/doctest.h>

#include "sync/feed/ldif_format.hpp"

namespace aafd::sync {
namespace {

const LdifLayout k_layout{"ou=people,dc=t", "ou=structures,dc=t", "National_ENS", "National_DIR"};

const FeedFields k_all{FeedField::Login,    FeedField::Names,   FeedField::BirthDate,
                       FeedField::Profiles, FeedField::Schools, FeedField::Classes,
                       FeedField::Links};

FeedLine pupil_line(FeedOp op) {
    FeedAccount a;
    a.id = "P1";
    a.category = "Eleve";
    a.flow = "2D";
    a.login = "eloise.nunez";
    a.activation_code = "SECRET12";
    a.last_name = "NUÑEZ";
    a.first_name = "Éloïse";
    a.birth_date = "2012-02-01";
    a.profiles = {"National_ELV"};
    a.schools = {{"0000001A", "COLLEGE UN"}};
    a.classes = {{"0000001A", "class", "6A", "6EME A"}, {"0000001A", "group", "G1", ""}};
    a.links = {{"relative", "R1", "paul.nunez"}, {"relative", "R9", ""}};
    return {7, op, op == FeedOp::Deactivate ? "disappeared" : "", a};
}

std::string render(const std::vector<FeedLine>& lines, const FeedFields& fields = k_all) {
    auto batch = render_ldif_batch(lines, fields, k_layout, "2025-09-08T03:00:00Z");
    REQUIRE(batch);
    return batch->content;
}

} // namespace

TEST_CASE("ldif: a create is an add of the school, then of the person, non-ASCII in base64") {
    CHECK(render({pupil_line(FeedOp::Create)}) ==
          "version: 1\n\n"
          "dn: ENTStructureUAI=0000001A,ou=structures,dc=t\nchangetype: add\n"
          "objectClass: top\nobjectClass: ENTEtablissement\nENTStructureUAI: 0000001A\n"
          "ENTStructureNomCourant: COLLEGE UN\n\n"
          "dn: uid=eloise.nunez,ou=people,dc=t\nchangetype: add\n"
          "objectClass: top\nobjectClass: ENTPerson\nobjectClass: ENTEleve\n"
          "uid: eloise.nunez\nENTPersonJointure: P1\nENTPersonLogin: eloise.nunez\n"
          "sn:: TlXDkUVa\ngivenName:: w4lsb8Ovc2U=\ncn:: TlXDkUVaIMOJbG/Dr3Nl\n"
          "displayName:: w4lsb8Ovc2UgTlXDkUVa\nENTPersonDateNaissance: 01/02/2012\n"
          "ENTPersonProfils: National_ELV\n"
          "ENTPersonStructRattach: ENTStructureUAI=0000001A,ou=structures,dc=t\n"
          "ENTEleveClasses: ENTStructureUAI=0000001A,ou=structures,dc=t$6A\n"
          "ENTEleveGroupes: ENTStructureUAI=0000001A,ou=structures,dc=t$G1\n"
          "ENTElevePersRelEleve: uid=paul.nunez,ou=people,dc=t\n\n");
}

TEST_CASE("ldif: an update replaces every attribute of the provider's groups, empty ones too") {
    auto text = render({pupil_line(FeedOp::Update)}, {FeedField::Login, FeedField::Links});
    CHECK(text == "version: 1\n\n"
                  "dn: uid=eloise.nunez,ou=people,dc=t\nchangetype: modify\n"
                  "replace: objectClass\nobjectClass: top\nobjectClass: ENTPerson\n"
                  "objectClass: ENTEleve\n-\n"
                  "replace: uid\nuid: eloise.nunez\n-\n"
                  "replace: ENTPersonJointure\nENTPersonJointure: P1\n-\n"
                  "replace: ENTPersonLogin\nENTPersonLogin: eloise.nunez\n-\n"
                  "replace: ENTElevePersRelEleve\n"
                  "ENTElevePersRelEleve: uid=paul.nunez,ou=people,dc=t\n-\n"
                  "replace: ENTPersonDateSuppression\n-\n\n");
}

TEST_CASE("ldif: a deactivation marks ENTPersonDateSuppression, a delete deletes") {
    CHECK(render({pupil_line(FeedOp::Deactivate), pupil_line(FeedOp::Delete)}) ==
          "version: 1\n\n"
          "dn: uid=eloise.nunez,ou=people,dc=t\nchangetype: modify\n"
          "replace: ENTPersonDateSuppression\nENTPersonDateSuppression: 20250908030000Z\n-\n\n"
          "dn: uid=eloise.nunez,ou=people,dc=t\nchangetype: delete\n\n");
}

TEST_CASE("ldif: staff classes go to teachers only, directors get ENTDirecteur") {
    auto line = pupil_line(FeedOp::Create);
    line.account.category = "PersEducNat";
    line.account.links.clear();
    line.account.profiles = {"National_DIR", "National_ENS"};
    auto teacher = render({line}, {FeedField::Classes});
    CHECK(teacher.find("objectClass: ENTAuxEnseignant\nobjectClass: ENTDirecteur\n") !=
          std::string::npos);
    CHECK(teacher.find("ENTAuxEnsClasses: ENTStructureUAI=0000001A,ou=structures,dc=t$6A\n") !=
          std::string::npos);
    line.account.profiles = {"National_DOC"};
    auto staff = render({line}, {FeedField::Classes});
    CHECK(staff.find("objectClass: ENTAuxNonEnsEtab\n") != std::string::npos);
    CHECK(staff.find("ENTAuxEnsClasses") == std::string::npos);
}

TEST_CASE("ldif: staff functions in ENTPersonFonctions, the school's entry for its id, with the "
          "profiles group only") {
    auto line = pupil_line(FeedOp::Create);
    line.account.category = "PersEducNat";
    line.account.links.clear();
    line.account.profiles = {"National_ENS"};
    line.account.functions = {{"0000001A", "ENS", "ENSEIGNEMENT", "L0201", "LETTRES CLASSIQUES"},
                              {"0000001A", "DOC", "DOCUMENTATION", "", ""}};
    CHECK(render({line}, {FeedField::Profiles})
              .find("ENTPersonProfils: National_ENS\n"
                    "ENTPersonFonctions: ENTStructureUAI=0000001A,ou=structures,dc=t$ENS$"
                    "ENSEIGNEMENT$L0201$LETTRES CLASSIQUES\n"
                    "ENTPersonFonctions: ENTStructureUAI=0000001A,ou=structures,dc=t$DOC$"
                    "DOCUMENTATION$$\n") != std::string::npos);
    CHECK(render({line}, {FeedField::Schools}).find("ENTPersonFonctions") == std::string::npos);
    auto pupil = pupil_line(FeedOp::Update);
    CHECK(render({pupil}, {FeedField::Profiles}).find("ENTPersonFonctions") == std::string::npos);
}

TEST_CASE("ldif: dates in the SDET's dd/MM/yyyy, a line that is not UTF-8 is refused") {
    CHECK(sdet_date("2012-02-01") == "01/02/2012");
    CHECK(sdet_date("") == "");
    auto line = pupil_line(FeedOp::Create);
    line.account.last_name = "\xff";
    auto batch = render_ldif_batch({line}, k_all, k_layout, "2025-09-08T03:00:00Z");
    REQUIRE_FALSE(batch);
    CHECK(batch.error().message == "feed line seq 7 (id P1): last_name is not valid UTF-8");
}

} // namespace aafd::sync
