// Specification of how attributes are read into typed fields and links
// (sync/core/entity.hpp), in both flows' vocabularies.
#include <doctest/doctest.h>

#include "sync/core/entity.hpp"

using namespace aafd;
using namespace aafd::sync;

TEST_CASE("a 2D pupil: names, birth date, INE, structure, classes, groups, relatives") {
    Attributes attributes{
        {"ENTEleveClasses", {"3000$1AQUA"}},
        {"ENTEleveGroupes", {"3000$G1", "3000$G1"}},
        {"ENTEleveINE", {"100000000AA"}},
        {"ENTElevePersRelEleve", {"2000000$10$1$1$1$1", "3000000$20$0$2$0$0"}},
        {"ENTPersonDateNaissance", {"01/02/2000"}},
        {"ENTPersonStructRattach", {"1000"}},
        {"givenName", {"Zoé"}},
        {"sn", {"NOM"}},
    };
    Entity entity = interpret(Category::Pupil, attributes);
    CHECK(entity.last_name == "NOM");
    CHECK(entity.first_name == "Zoé");
    CHECK(entity.birth_date == "2000-02-01");
    CHECK(entity.ine == "100000000AA");
    CHECK(entity.links == std::vector<Link>{
                              {LinkKind::Structure, "1000", "", ""},
                              {LinkKind::Class, "3000", "1AQUA", ""},
                              {LinkKind::Group, "3000", "G1", ""},
                              {LinkKind::Relative, "2000000", "10", "1"},
                              {LinkKind::Relative, "3000000", "20", "2"},
                          });
}

TEST_CASE("a 2D pupil: a relative listed in ENTEleveAutoriteParentale is a legal "
          "representative whatever its legal field says (older exports rank them 1 and 2)") {
    Attributes attributes{
        {"ENTEleveAutoriteParentale", {"2866726", "2866729"}},
        {"ENTElevePersRelEleve", {"2866726$2$1$1$0$0", "2866729$1$0$2$0$0", "2866730$4$0$0$1$0"}},
    };
    Entity entity = interpret(Category::Pupil, attributes);
    CHECK(entity.links == std::vector<Link>{
                              {LinkKind::Relative, "2866726", "2", "1"},
                              {LinkKind::Relative, "2866729", "1", "1"},
                              {LinkKind::Relative, "2866730", "4", "0"},
                          });
}

TEST_CASE("a 1D pupil: ENTPersonNom/Prenom, 5-field classes, ENTEleveAutoriteParentale") {
    Attributes attributes{
        {"ENTEleveAutoriteParentale", {"500$10", "501$20"}},
        {"ENTPersonClasses", {"77$x$y$CM1A$CM1 A"}},
        {"ENTPersonDateNaissance", {"31/02/2015"}},
        {"ENTPersonNom", {"N'DIAYE"}},
        {"ENTPersonPrenom", {"Maëlle"}},
        {"ENTPersonStructRattach", {"77"}},
    };
    Entity entity = interpret(Category::Pupil, attributes);
    CHECK(entity.last_name == "N'DIAYE");
    CHECK(entity.first_name == "Maëlle");
    CHECK(entity.birth_date.empty()); // 31 February is no date
    CHECK(entity.links == std::vector<Link>{
                              {LinkKind::Structure, "77", "", ""},
                              {LinkKind::Class, "77", "CM1A", "CM1 A"},
                              {LinkKind::Relative, "500", "10", "1"},
                              {LinkKind::Relative, "501", "20", "1"},
                          });
}

TEST_CASE("staff: functions, 1D director, 2D classes") {
    Attributes attributes{
        {"ENTAuxEnsClasses", {"43$3A"}},
        {"ENTEnsFonctionDir", {"44"}},
        {"ENTPersonFonctions", {"43$DIR$DIRECTION$D0011$CHEF"}},
        {"sn", {"AAAA"}},
    };
    Entity entity = interpret(Category::Staff, attributes);
    CHECK(entity.links == std::vector<Link>{
                              {LinkKind::Structure, "43", "", ""},
                              {LinkKind::Structure, "44", "", ""},
                              {LinkKind::Class, "43", "3A", ""},
                              {LinkKind::Function, "43", "DIR", "D0011"},
                              {LinkKind::Director, "44", "", ""},
                          });
}

TEST_CASE("a structure: UAI, name, declared classes and groups") {
    Attributes attributes{
        {"ENTStructureClasses", {"6A$6EME A$10010012110"}},
        {"ENTStructureGroupes", {"LAT$LATIN$6A"}},
        {"ENTStructureJointure", {"43"}},
        {"ENTStructureNomCourant", {"CLG$CLG INTEGRATION$PARIS"}},
        {"ENTStructureUAI", {"0123456A"}},
    };
    Entity entity = interpret(Category::Structure, attributes);
    CHECK(entity.uai == "0123456A");
    CHECK(entity.label == "CLG$CLG INTEGRATION$PARIS");
    CHECK(entity.links == std::vector<Link>{{LinkKind::Class, "43", "6A", "6EME A"},
                                            {LinkKind::Group, "43", "LAT", "LATIN"}});
}

TEST_CASE("known attributes cover both vocabularies, others are unknown") {
    CHECK(is_known_attribute(Category::Pupil, "sn"));
    CHECK(is_known_attribute(Category::Pupil, "ENTPersonNom"));
    CHECK(is_known_attribute(Category::Staff, "ENTEnsFonctionDirDate"));
    CHECK_FALSE(is_known_attribute(Category::Pupil, "ENTEnsFonctionDir"));
    CHECK_FALSE(is_known_attribute(Category::Relative, "ENTFuturAttribut"));
    CHECK_FALSE(is_known_attribute(Category::Structure, "Date"));
}
