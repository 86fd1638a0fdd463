// Specification of `aafd rgpd export` (daemon/rgpd_command.cpp), in-process on the demo
// académie: everything held on one person, as JSON, with the accesses to that person the
// audit trail recorded; itself recorded in the trail.
#include <doctest/doctest.h>

#include "tests/daemon/feed_cli_fixture.hpp"

using namespace aafd;
using test::FeedCli;

TEST_CASE("rgpd export: the record, the account, the providers and the history") {
    FeedCli f;
    f.import_demo();
    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    REQUIRE(f.run({"account", "reset-code", "1000407"}).status == 0);
    auto run = f.run({"rgpd", "export", "1000407"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    auto json = nlohmann::json::parse(run.out);
    const auto& person = json["person"];
    CHECK(person["source"] == "demo");
    CHECK(person["flow"] == "2D");
    CHECK(person["category"] == "Eleve");
    CHECK(person["id"] == "1000407");
    CHECK(person["state"] == "active");
    CHECK(person["attributes"]["sn"] == nlohmann::json{"Mésange"});
    CHECK(person["attributes"]["ENTEleveClasses"] == nlohmann::json{"20028$4A"});
    CHECK(json["login"] == "eric.mesange");
    CHECK(json["account"].contains("code_drawn_at"));
    REQUIRE(json["providers"].size() == 1);
    CHECK(json["providers"][0]["provider"] == "college");
    std::vector<std::string> ops;
    for (const auto& entry : json["history"])
        ops.push_back(entry["op"].get<std::string>());
    CHECK(ops == std::vector<std::string>{"create", "update"}); // import, then the code reset
    CHECK(json["history"][1]["fields"] == nlohmann::json{"activation_code"});

    auto records = f.records("rgpd.export");
    REQUIRE(records.size() == 1);
    CHECK(records[0].object == "1000407");
    CHECK(records[0].outcome == "ok");
    CHECK(records[0].details ==
          std::vector<std::pair<std::string, std::string>>{{"source", "demo"}});
}

TEST_CASE("rgpd export: the accesses to that person in the audit trail, who, when and what") {
    FeedCli f;
    f.import_demo();
    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    REQUIRE(f.run({"show", "person", "1000407"}).status == 0);
    REQUIRE(f.run({"show", "person", "1001211"}).status == 0); // another pupil
    REQUIRE(f.run({"account", "reset-code", "1000407"}).status == 0);
    REQUIRE(f.run({"show", "person", "--login", "eric.mesange", "--json"}).status == 0);
    auto run = f.run({"rgpd", "export", "1000407"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    auto accesses = nlohmann::json::parse(run.out)["accesses"];
    std::vector<std::string> actions;
    for (const auto& access : accesses)
        actions.push_back(access["action"].get<std::string>());
    CHECK(actions == std::vector<std::string>{"person.show", "account.reset_code", "person.show"});
    auto shown = f.records("person.show");
    REQUIRE(shown.size() == 3);
    CHECK(accesses[0] ==
          nlohmann::json{{"at", shown[0].time},
                         {"actor", shown[0].actor},
                         {"action", "person.show"},
                         {"outcome", "ok"},
                         {"details", {{"source", "demo"}, {"flow", "2D"}, {"category", "Eleve"}}}});
    CHECK(accesses[2]["details"]["by"] == "login");
    CHECK_FALSE(accesses[0]["actor"].get<std::string>().empty());
}

TEST_CASE("rgpd export: an unknown person exits 1") {
    FeedCli f;
    f.import_demo();
    auto run = f.run({"rgpd", "export", "999"});
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(run.err == "aafd: no person 999 in the store\n");
}
