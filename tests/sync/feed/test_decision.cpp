// Specification of the lifecycle table of a provider's accounts (sync/feed/decision.hpp).
#include <doctest/doctest.h>

#include "sync/feed/decision.hpp"

using namespace aafd::sync;

namespace {

std::string said(const FeedDecision& d) {
    if (!d.op)
        return "-";
    return std::string(feed_op_name(*d.op)) + (d.reason.empty() ? "" : " " + d.reason) + " -> " +
           std::string(member_state_name(*d.member));
}

constexpr auto k_none = std::nullopt;

} // namespace

TEST_CASE("an active person in scope is created once, then updated when changed") {
    CHECK(said(decide_feed_op(k_none, true, State::Active, false)) == "create -> active");
    CHECK(said(decide_feed_op(MemberState::Deleted, true, State::Active, false)) ==
          "create -> active");
    CHECK(said(decide_feed_op(MemberState::Active, true, State::Active, true)) ==
          "update -> active");
    CHECK(said(decide_feed_op(MemberState::Active, true, State::Active, false)) == "-");
}

TEST_CASE("a disappeared person is deactivated once, restored, updated") {
    CHECK(said(decide_feed_op(MemberState::Active, true, State::Disappeared, true)) ==
          "deactivate disappeared -> deactivated");
    CHECK(said(decide_feed_op(MemberState::Deactivated, true, State::Disappeared, true)) == "-");
    CHECK(said(decide_feed_op(k_none, true, State::Disappeared, true)) == "-");
    CHECK(said(decide_feed_op(MemberState::Deactivated, true, State::Active, false)) ==
          "update -> active");
}

TEST_CASE("leaving the scope is a deletion for that provider only") {
    CHECK(said(decide_feed_op(MemberState::Active, false, State::Active, false)) ==
          "delete out_of_scope -> deleted");
    CHECK(said(decide_feed_op(MemberState::Deactivated, false, State::Disappeared, false)) ==
          "delete out_of_scope -> deleted");
    CHECK(said(decide_feed_op(k_none, false, State::Active, true)) == "-");
    CHECK(said(decide_feed_op(MemberState::Deleted, false, State::Active, true)) == "-");
}

TEST_CASE("a deleted or purged person is deleted from the providers that hold it") {
    CHECK(said(decide_feed_op(MemberState::Active, true, State::Deleted, true)) ==
          "delete deleted -> deleted");
    CHECK(said(decide_feed_op(MemberState::Deactivated, false, std::nullopt, false)) ==
          "delete deleted -> deleted");
    CHECK(said(decide_feed_op(k_none, true, State::Deleted, true)) == "-");
}

TEST_CASE("the end of a convention deletes what the provider holds") {
    CHECK(said(decide_convention_end(MemberState::Active)) == "delete convention_ended -> deleted");
    CHECK(said(decide_convention_end(MemberState::Deactivated)) ==
          "delete convention_ended -> deleted");
    CHECK(said(decide_convention_end(MemberState::Deleted)) == "-");
    CHECK(said(decide_convention_end(std::nullopt)) == "-");
}
