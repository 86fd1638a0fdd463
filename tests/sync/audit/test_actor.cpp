// Specification of the actor of audit records (sync/audit/actor.hpp).
#include <doctest/doctest.h>

#include "sync/audit/actor.hpp"

using namespace aafd;
using sync::ActorInputs;

TEST_CASE("the actor is the login uid's user, then SUDO_USER, then the real uid's user") {
    std::map<std::uint32_t, std::string> names{{1000, "alice"}, {998, "aafd"}, {0, "root"}};
    SUBCASE("sudo -u aafd run by alice in her login session: alice") {
        CHECK(sync::resolve_actor({1000, "bob", 998, names}) == "alice");
    }
    SUBCASE("no login session (loginuid unset): SUDO_USER") {
        CHECK(sync::resolve_actor({sync::k_unset_loginuid, "bob", 998, names}) == "bob");
    }
    SUBCASE("loginuid unreadable, no SUDO_USER: the real uid") {
        CHECK(sync::resolve_actor({std::nullopt, "", 998, names}) == "aafd");
    }
    SUBCASE("loginuid unset and no SUDO_USER: the real uid") {
        CHECK(sync::resolve_actor({sync::k_unset_loginuid, "", 0, names}) == "root");
    }
    SUBCASE("a uid without a user name is written uid:N") {
        CHECK(sync::resolve_actor({1234, "", 0, names}) == "uid:1234");
        CHECK(sync::resolve_actor({std::nullopt, "", 4321, names}) == "uid:4321");
    }
}

TEST_CASE("the daemon's own work is the scheduler with its cycle") {
    CHECK(sync::scheduler_actor(42) == "scheduler:cycle-42");
}

TEST_CASE("the process's actor is never empty") { CHECK_FALSE(sync::process_actor().empty()); }
