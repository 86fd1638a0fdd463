// Specification of `aafd show person` for people (daemon/show_command.cpp,
// daemon/person_card.cpp), on the demo académie: the card (codes with their meaning,
// schools by name, relatives and children by id and name, no JSON), the look-up by login
// and INE, and the name search (listed, capped, recorded with its query).
#include <doctest/doctest.h>

#include "tests/daemon/feed_cli_fixture.hpp"

using namespace aafd;
using test::FeedCli;

namespace {

// One text column of the store by SQL, for what the test expects.
std::string column_of(const FeedCli& f, const std::string& sql) {
    auto db = sync::Database::open(f.store().string(), sync::OpenMode::ReadOnly);
    REQUIRE(db);
    auto query = db->prepare(sql);
    REQUIRE(query);
    REQUIRE(query->step().value());
    return query->column_text(0);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

bool has_line(const std::string& text, const std::string& line) {
    auto lines = lines_of(text);
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

} // namespace

TEST_CASE("show person: a card with every code spelled out, relatives by id and name") {
    FeedCli f;
    f.import_demo();
    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    auto run = f.run({"show", "person", "1000407"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    INFO(run.out);
    CHECK(run.out.starts_with("Éric Mésange, pupil (Eleve) 2D, id 1000407 in demo\n"));
    CHECK(has_line(run.out, "  login:        eric.mesange"));
    CHECK(has_line(run.out, "  profiles:     National_ELV"));
    CHECK(has_line(run.out, "  schools:      0860105X  CLG CAMILLE GUÉRIN (BUXEROLLES), CLG"));
    // A 2D pupil's links carry codes only: the labels are the school's.
    CHECK(has_line(run.out, "  classes:      4A \"4EME A\" at 0860105X"));
    CHECK(has_line(run.out, "  groups:       4ESP1 \"ESPAGNOL LV2 4EME GR1\" at 0860105X"));
    auto relative = column_of(f, "SELECT first_name || ' ' || last_name FROM object WHERE id = "
                                 "'1000134' AND category = 'PersRelEleve'");
    CHECK(run.out.find("  relatives:    1000134  " + relative + ", ") != std::string::npos);
    CHECK(run.out.find(", legal representative\n") != std::string::npos);
    CHECK(run.out.find("  activation:   account created ") != std::string::npos);
    CHECK(run.out.find("  providers:    college: active, since ") != std::string::npos);
    CHECK(run.out.find('{') == std::string::npos);    // no JSON
    CHECK(run.out.find("CLG$") == std::string::npos); // no raw school name

    SUBCASE("a relative's card lists its children by id and name") {
        auto card = f.run({"show", "person", "1000134", "--flow", "2D"});
        REQUIRE(card.status == 0);
        CHECK(card.out.find(", relative (PersRelEleve) 2D, id 1000134 in demo\n") !=
              std::string::npos);
        CHECK(card.out.find("  children:     1000407  Éric Mésange\n") != std::string::npos);
    }
    SUBCASE("--json keeps the machine form, with the schools' names added") {
        auto json = nlohmann::json::parse(f.run({"show", "person", "1000407", "--json"}).out);
        CHECK(json["structures"] == nlohmann::json{"0860105X"});
        CHECK(json["schools"] == nlohmann::json{{{"uai", "0860105X"},
                                                 {"name", "CLG CAMILLE GUÉRIN"},
                                                 {"type", "CLG"},
                                                 {"town", "BUXEROLLES"}}});
        CHECK(json["people_named"]["1000134"] == relative);
    }
}

TEST_CASE("show person: a staff member's functions with their meaning and discipline") {
    FeedCli f;
    f.import_demo();
    auto run = f.run({"show", "person", "1000008", "--flow", "2D"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    INFO(run.out);
    CHECK(run.out.find(", staff (PersEducNat) 2D, id 1000008 in demo\n") != std::string::npos);
    CHECK(has_line(run.out, "  functions:    teaching (ENS), L0422 ANGLAIS at 0860105X"));
    CHECK(has_line(run.out, "  login:        none yet (no account)"));
    CHECK(has_line(run.out, "  providers:    none received this person"));
}

TEST_CASE("show person --login and --ine find the person, and the trail says how") {
    FeedCli f;
    f.import_demo();
    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    auto by_id = f.run({"show", "person", "1000407"});
    auto by_login = f.run({"show", "person", "--login", "eric.mesange"});
    INFO(by_login.err);
    REQUIRE(by_login.status == 0);
    CHECK(by_login.out == by_id.out);
    auto ine = column_of(f, "SELECT ine FROM object WHERE id = '1000407' AND category = 'Eleve'");
    REQUIRE_FALSE(ine.empty());
    auto by_ine = f.run({"show", "person", "--ine", ine});
    REQUIRE(by_ine.status == 0);
    CHECK(by_ine.out == by_id.out);
    auto records = f.records("person.show");
    REQUIRE(records.size() == 3);
    CHECK(records[1].object == "1000407");
    CHECK(records[1].detail("by") == "login");
    CHECK(records[2].detail("by") == "ine");

    auto unknown = f.run({"show", "person", "--login", "nobody.here"});
    CHECK(unknown.status == 1);
    CHECK(unknown.err == "aafd: no person with login nobody.here in the store\n");
    CHECK(f.records("person.show").back().outcome == "not_found");
    auto two = f.run({"show", "person", "1000407", "--login", "eric.mesange"});
    CHECK(two.status != 0);
    CHECK(two.err.find("name one person") != std::string::npos);
}

TEST_CASE("show person --name lists the matches, capped, and records the query") {
    FeedCli f;
    f.import_demo();
    auto expected = std::stoul(column_of(
        f, "SELECT count(*) FROM object WHERE category IN ('Eleve', 'PersRelEleve', "
           "'PersEducNat') AND (instr(last_name, 'Mésange') OR instr(first_name, 'Mésange'))"));
    REQUIRE(expected > 1);
    REQUIRE(expected <= 20);
    auto run = f.run({"show", "person", "--name", "Mésange"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    auto lines = lines_of(run.out);
    REQUIRE(lines.size() == expected + 1);
    CHECK(lines[0] == std::to_string(expected) + " people match \"Mésange\"");
    CHECK(std::find(lines.begin(), lines.end(),
                    "  1000407  demo 2D Eleve  Éric Mésange  (no account)  active") != lines.end());
    auto records = f.records("person.search");
    REQUIRE(records.size() == 1);
    CHECK(records[0].object == "Mésange");
    CHECK(records[0].details == std::vector<std::pair<std::string, std::string>>{
                                    {"by", "name"}, {"matches", std::to_string(expected)}});

    auto many = f.run({"show", "person", "--name", "a"});
    REQUIRE(many.status == 0);
    auto listed = lines_of(many.out);
    CHECK(listed[0] == "20+ people match \"a\" (the first 20: narrow the search)");
    CHECK(listed.size() == 21);
    CHECK(f.records("person.search").back().detail("matches") == "20+");
}
