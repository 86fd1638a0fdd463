// Specification of `aafd rgpd export` (daemon/rgpd_command.cpp), in-process on the demo
// académie: everything held on one person, as JSON, recorded in the audit trail.
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

TEST_CASE("rgpd export: an unknown person exits 1") {
    FeedCli f;
    f.import_demo();
    auto run = f.run({"rgpd", "export", "999"});
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(run.err == "aafd: no person 999 in the store\n");
}
