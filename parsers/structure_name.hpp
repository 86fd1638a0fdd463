// A structure's ENTStructureNomCourant read for people: "TYPE$NAME$TOWN" ("CLG$CLG
// INTEGRATION$PARIS") split into its three parts; a name without '$' is the name alone.
#pragma once

#include <string>
#include <string_view>

namespace aafd {

struct StructureName {
    std::string type; // "CLG", "LP", "E.E.PU"…; empty when not given
    std::string name; // "CLG INTEGRATION"
    std::string town; // "PARIS"; empty when not given

    bool operator==(const StructureName&) const = default;
};

// Splits at the first and the last '$'; with a single '$', TYPE$NAME. Parts are trimmed.
StructureName parse_structure_name(std::string_view raw);

// "CLG INTEGRATION (PARIS)", or the name alone without a town.
std::string readable_structure_name(const StructureName& name);

} // namespace aafd
