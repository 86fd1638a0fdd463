// Specification of parsers/structure_name: ENTStructureNomCourant split for people.
#include <doctest/doctest.h>

#include "parsers/structure_name.hpp"

using namespace aafd;

TEST_CASE("a structure name: type, name and town where it has '$'") {
    CHECK(parse_structure_name("CLG$CLG INTEGRATION$PARIS") ==
          StructureName{"CLG", "CLG INTEGRATION", "PARIS"});
    CHECK(parse_structure_name("E.E.PU$ECOLE ELEMENTAIRE PUBLIQUE JULES FERRY$LA ROCHELLE") ==
          StructureName{"E.E.PU", "ECOLE ELEMENTAIRE PUBLIQUE JULES FERRY", "LA ROCHELLE"});
    CHECK(parse_structure_name("LP$LP DU BATIMENT $ NIORT ") ==
          StructureName{"LP", "LP DU BATIMENT", "NIORT"});
    CHECK(parse_structure_name("A$B$C$D") == StructureName{"A", "B$C", "D"});
    CHECK(parse_structure_name("CLG$CLG SANS VILLE") == StructureName{"CLG", "CLG SANS VILLE", ""});
    CHECK(parse_structure_name("ECOLE S1") == StructureName{"", "ECOLE S1", ""});
    CHECK(parse_structure_name("") == StructureName{});
}

TEST_CASE("a structure name read by people") {
    CHECK(readable_structure_name(parse_structure_name("CLG$CLG INTEGRATION$PARIS")) ==
          "CLG INTEGRATION (PARIS)");
    CHECK(readable_structure_name(parse_structure_name("ECOLE S1")) == "ECOLE S1");
}
