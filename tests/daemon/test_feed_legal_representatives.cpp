// Specification, at the command line, of who a pupil's legal representatives are: a
// relative the pupil lists in ENTEleveAutoriteParentale is one, whatever the legal field
// of ENTElevePersRelEleve says. The set is built like pupil 2605720 of the
// aix-marseille-2013 sample, whose export ranks its two representatives 1 and 2 there.
#include <doctest/doctest.h>

#include "tests/daemon/feed_cli_fixture.hpp"
#include "tests/sync/export_writer.hpp"

using namespace aafd;
using test::FeedCli;

namespace {

test::TestRecord relative(const std::string& id, const std::string& name) {
    return {id, {{"sn", {name}}, {"givenName", {"Prénom " + name}}}};
}

// The 2D Complet set of 2013-01-17: collège 52000 (UAI 0130052K), pupil 2605720 with
// her mother 2866726 (legal field 1), her father 2866729 (legal field 2: a rank) and a
// contact 2866730 (legal field 0, not listed in ENTEleveAutoriteParentale).
void write_set(const std::filesystem::path& folder) {
    const std::string prefix = "ENTTSSERVICES";
    test::write_export(folder, prefix, "Complet", "20130117", Category::Structure,
                       {{"52000", {{"ENTStructureUAI", {"0130052K"}}}}});
    test::write_export(folder, prefix, "Complet", "20130117", Category::Pupil,
                       {{"2605720",
                         {{"sn", {"ELEVE"}},
                          {"givenName", {"Prénom"}},
                          {"ENTPersonStructRattach", {"52000"}},
                          {"ENTEleveAutoriteParentale", {"2866726", "2866729"}},
                          {"ENTElevePersRelEleve",
                           {"2866726$2$1$1$0$0", "2866729$1$0$2$0$0", "2866730$4$0$0$1$0"}}}}});
    test::write_export(
        folder, prefix, "Complet", "20130117", Category::Relative,
        {relative("2866726", "MERE"), relative("2866729", "PERE"), relative("2866730", "CONTACT")});
}

} // namespace

TEST_CASE("a relative listed in ENTEleveAutoriteParentale reaches the feed as a legal "
          "representative, whatever rank the legal field gives") {
    FeedCli f;
    f.providers = {{"college", {"0130052K"}}};
    write_set(f.dir / "set");
    auto imported =
        f.run({"import", "--source", "aix", "--allow-incomplete", (f.dir / "set").string()});
    INFO(imported.err);
    REQUIRE(imported.status == 0);

    auto run = f.run({"feed", "deliver"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    auto files = f.files("college");
    REQUIRE(files.size() == 1);
    auto lines = f.lines("college", files[0]);
    CHECK(test::people_of(lines) ==
          std::set<std::string>{"Eleve 2605720", "PersRelEleve 2866726", "PersRelEleve 2866729"});
    for (const auto& line : lines) {
        if (line["id"] != "2605720")
            continue;
        std::vector<std::string> links;
        for (const auto& link : line["links"])
            links.push_back(link["kind"].get<std::string>() + " " + link["id"].get<std::string>());
        CHECK(links == std::vector<std::string>{"relative 2866726", "relative 2866729"});
    }
}
