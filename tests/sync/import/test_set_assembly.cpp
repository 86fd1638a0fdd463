// Specification of grouping files into sets (sync/import/set_assembly.hpp).
#include <doctest/doctest.h>

#include "sync/import/set_assembly.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

ExportFile file(const std::string& name, std::optional<Flow> header = {},
                std::optional<Flow> vocabulary = {}) {
    auto parsed = parse_export_file_name(name);
    REQUIRE(parsed);
    return {name, name, *parsed, 100, std::nullopt, header, vocabulary};
}

std::vector<std::string> names(const ExportSet& set) {
    std::vector<std::string> out;
    for (const auto& f : set.files)
        out.push_back(f.display_name);
    return out;
}

} // namespace

TEST_CASE("files group into sets by flow, kind and date, whatever the prefix") {
    auto sets = assemble_sets({
        file("ENT_0861234X_Complet_20250907_Eleve_0000.xml", Flow::First),
        file("ENT_0865678Y_Complet_20250907_Eleve_0000.xml", Flow::First),
        file("ENT_0861234X_Complet_20250907_EtabEducNat_0000.xml", Flow::First),
        file("ENT2DVA-ENT86_Delta_20250908_Eleve_0000.xml"),
        file("ENT2DVA-ENT86_Complet_20250907_PersRelEleve_0000.xml"),
        file("clean-ENT2DVA-ENT86_Complet_20250907_Eleve_0000.xml"),
    });
    REQUIRE(sets);
    REQUIRE(sets->size() == 3);
    CHECK((*sets)[0].label() == "1D Complet 2025-09-07");
    CHECK(names((*sets)[0]) ==
          std::vector<std::string>{"ENT_0861234X_Complet_20250907_EtabEducNat_0000.xml",
                                   "ENT_0861234X_Complet_20250907_Eleve_0000.xml",
                                   "ENT_0865678Y_Complet_20250907_Eleve_0000.xml"});
    CHECK((*sets)[0].categories == std::vector<Category>{Category::Structure, Category::Pupil});
    CHECK((*sets)[1].label() == "2D Complet 2025-09-07");
    CHECK(names((*sets)[1]) ==
          std::vector<std::string>{"clean-ENT2DVA-ENT86_Complet_20250907_Eleve_0000.xml",
                                   "ENT2DVA-ENT86_Complet_20250907_PersRelEleve_0000.xml"});
    CHECK((*sets)[2].label() == "2D Delta 2025-09-08");
}

TEST_CASE("the flow: name, then degre comment, then vocabulary, then the delivery's others") {
    SUBCASE("vocabulary") {
        auto sets = assemble_sets({file("ENT_Complet_20200101_Eleve_0000.xml", {}, Flow::Second)});
        REQUIRE(sets);
        CHECK(sets->front().flow == Flow::Second);
    }
    SUBCASE("the header wins over the vocabulary") {
        auto sets =
            assemble_sets({file("ENT_Complet_20200101_Eleve_0000.xml", Flow::First, Flow::Second)});
        REQUIRE(sets);
        CHECK(sets->front().flow == Flow::First);
    }
    SUBCASE("a file that says nothing takes its delivery's flow") {
        auto sets = assemble_sets({file("X_Complet_20200101_Eleve_0000.xml", {}, Flow::First),
                                   file("X_Complet_20200101_EtabEducNat_0000.xml")});
        REQUIRE(sets);
        REQUIRE(sets->size() == 1);
        CHECK(sets->front().flow == Flow::First);
    }
    SUBCASE("nothing tells: an error naming the file") {
        auto sets = assemble_sets({file("X_Complet_20200101_EtabEducNat_0000.xml")});
        REQUIRE_FALSE(sets);
        CHECK(sets.error().code == ErrorCode::BadInput);
        CHECK(sets.error().message ==
              "X_Complet_20200101_EtabEducNat_0000.xml: cannot tell whether it is a 1D or a 2D "
              "file (no ENT1D/ENT2D in its name, no degre comment, no telling attribute)");
    }
}

TEST_CASE("chunks are checked per prefix and category") {
    auto sets = assemble_sets({
        file("ENT2DVA_Complet_20130117_Eleve_0001.xml"),
        file("ENT2DVA_Complet_20130117_PersRelEleve_0000.xml"),
        file("ENT2DVA_Complet_20130117_PersRelEleve_0001.xml"),
        file("ENT2DVA_Complet_20130117_PersRelEleve_0003.xml"),
    });
    REQUIRE(sets);
    CHECK(sets->front().gaps ==
          std::vector<std::string>{"ENT2DVA Eleve: chunk 0000 missing",
                                   "ENT2DVA PersRelEleve: chunk 0002 missing"});
    SUBCASE("the same chunk twice is an error") {
        auto twice = assemble_sets({file("ENT2DVA_Complet_20130117_Eleve_0000.xml"),
                                    file("ENT2DVA_Complet_20130117_Eleve_0000.xml")});
        REQUIRE_FALSE(twice);
        CHECK(twice.error().message ==
              "ENT2DVA_Complet_20130117_Eleve_0000.xml: chunk 0000 of Eleve is given twice");
    }
}

TEST_CASE("a run of missing chunks is one gap, however long (found by fuzz_set_assembly)") {
    auto sets = assemble_sets({file("X_Complet_20250101_Eleve_0000.xml", Flow::Second),
                               file("X_Complet_20250101_Eleve_0003.xml", Flow::Second),
                               file("X_Complet_20250101_Eleve_4294967295.xml", Flow::Second)});
    REQUIRE(sets);
    CHECK(sets->front().gaps ==
          std::vector<std::string>{"X Eleve: chunks 0001 to 0002 missing",
                                   "X Eleve: chunks 0004 to 4294967294 missing"});
}

TEST_CASE("the vocabulary of the first record tells the flow") {
    CHECK(flow_from_vocabulary(Category::Pupil, {"ENTPersonJointure", "sn", "givenName"}) ==
          Flow::Second);
    CHECK(flow_from_vocabulary(Category::Pupil, {"ENTPersonJointure", "ENTPersonNom"}) ==
          Flow::First);
    CHECK(flow_from_vocabulary(Category::Subject, {"ENTMatJointure"}) == Flow::Second);
    CHECK_FALSE(flow_from_vocabulary(Category::Structure, {"ENTStructureJointure"}));
}
