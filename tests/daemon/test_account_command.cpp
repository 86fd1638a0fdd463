// Specification of `aafd account reset-code` (daemon/account_command.cpp) and of the
// account part of `aafd show person`, in-process on the demo académie: the new code is
// printed once, recorded, and reaches the provider holding the account.
#include <doctest/doctest.h>

#include "sync/feed/activation_code.hpp"
#include "tests/daemon/feed_cli_fixture.hpp"

using namespace aafd;
using test::FeedCli;

namespace {

constexpr const char* k_pupil = "1000407"; // a pupil of the collège 0860105X

// The line of `id` in the provider's only file.
nlohmann::json line_of(const FeedCli& f, const std::string& provider, const std::string& id) {
    auto files = f.files(provider);
    REQUIRE(files.size() == 1);
    for (const auto& line : f.lines(provider, files[0]))
        if (line["id"] == id)
            return line;
    FAIL("no line for " << id);
    return {};
}

} // namespace

TEST_CASE("account reset-code: a new code, printed once, sent to the provider holding it") {
    FeedCli f;
    f.import_demo();
    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    auto created = line_of(f, "college", k_pupil);
    auto login = created["login"].get<std::string>();
    auto old_code = created["activation_code"].get<std::string>();
    auto college_files = f.files("college");
    auto ecoles_files = f.files("ecoles");

    auto run = f.run({"account", "reset-code", k_pupil});
    INFO(run.err);
    REQUIRE(run.status == 0);
    std::string prefix = "login: " + login + "\nactivation code: ";
    REQUIRE(run.out.starts_with(prefix));
    REQUIRE(run.out.ends_with("\n"));
    auto code = run.out.substr(prefix.size(), run.out.size() - prefix.size() - 1);
    CHECK(code.size() == 8);
    CHECK(code.find_first_not_of(sync::k_code_alphabet) == std::string::npos);
    CHECK(code != old_code);

    auto reset = f.records("account.reset_code");
    REQUIRE(reset.size() == 1);
    CHECK(reset[0].object == k_pupil);
    CHECK(reset[0].outcome == "ok");
    CHECK(reset[0].details == std::vector<std::pair<std::string, std::string>>{{"source", "demo"}});
    // The trail never holds the code.
    for (const auto& entry : std::filesystem::directory_iterator(f.audit()))
        CHECK(test::read_file(entry.path()).find(code) == std::string::npos);

    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    CHECK(f.files("ecoles") == ecoles_files); // it holds no account of that pupil
    auto files = f.files("college");
    REQUIRE(files.size() == 2);
    CHECK(files[0] == college_files[0]);
    auto update = f.lines("college", files[1]);
    REQUIRE(update.size() == 1);
    CHECK(update[0]["op"] == "update");
    CHECK(update[0]["id"] == k_pupil);
    CHECK(update[0]["login"] == login);
    CHECK(update[0]["activation_code"] == code);

    SUBCASE("another reset draws another code") {
        auto again = f.run({"account", "reset-code", k_pupil, "--category", "Eleve"});
        REQUIRE(again.status == 0);
        CHECK(again.out.starts_with(prefix));
        CHECK(again.out != run.out);
    }
}

TEST_CASE("account reset-code: an unknown person, a person without an account yet") {
    FeedCli f;
    f.import_demo();
    auto unknown = f.run({"account", "reset-code", "999"});
    CHECK(unknown.status == 1);
    CHECK(unknown.out.empty());
    CHECK(unknown.err == "aafd: no person 999 in the store\n");
    auto no_account = f.run({"account", "reset-code", k_pupil});
    CHECK(no_account.status == 1);
    CHECK(no_account.out.empty());
    CHECK(no_account.err == std::string("aafd: person ") + k_pupil +
                                " has no account yet (run `aafd feed deliver`)\n");
    CHECK(f.records("account.reset_code").empty());
}

TEST_CASE("show person: the login and what each provider received, never the code") {
    FeedCli f;
    f.import_demo();
    auto before = nlohmann::json::parse(f.run({"show", "person", k_pupil, "--json"}).out);
    CHECK(before["login"].is_null());
    CHECK(before["providers"] == nlohmann::json::array());
    CHECK_FALSE(before.contains("account"));

    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    auto created = line_of(f, "college", k_pupil);
    auto run = f.run({"show", "person", k_pupil, "--json"});
    REQUIRE(run.status == 0);
    auto after = nlohmann::json::parse(run.out);
    CHECK(after["login"] == created["login"]);
    CHECK(after["account"].contains("created_at"));
    CHECK(after["account"].contains("code_drawn_at"));
    REQUIRE(after["providers"].size() == 1);
    CHECK(after["providers"][0]["provider"] == "college");
    CHECK(after["providers"][0]["state"] == "active");
    CHECK(after["providers"][0]["last_op"] == "create");
    CHECK(after["providers"][0]["first_seq"] == created["seq"]);
    CHECK(run.out.find(created["activation_code"].get<std::string>()) == std::string::npos);
    auto text = f.run({"show", "person", k_pupil});
    CHECK(text.out.find("  login:        " + created["login"].get<std::string>() + "\n") !=
          std::string::npos);
}
