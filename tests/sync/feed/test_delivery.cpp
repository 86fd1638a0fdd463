// Specification of feed delivery (sync/feed/delivery.hpp) to both destinations at once:
// an outbox folder and an SFTP push to a real OpenSSH sshd on 127.0.0.1. Both receive
// the byte-identical batch; a refused push leaves the batch pending and the cursor put.
#include <doctest/doctest.h>

#include "tests/sync/feed/push_target.hpp"
#include "tests/sync/feed_fixture.hpp"

using namespace aafd;
using namespace aafd::sync;
using aafd::test::SshdFixture;

namespace {

FeedDestination both(test::FeedFixture& f, const SshdFixture& sshd, const std::string& name) {
    auto push = test::push_target(sshd);
    return {f.dir / "outbox" / name, push};
}

Result<void> no_audit(const FeedBatch&) { return {}; }

} // namespace

TEST_CASE("a batch goes to the outbox and the provider's SFTP server, identical") {
    SshdFixture sshd;
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = f.provider("a", "0000001A");
    auto built = f.build(a);
    REQUIRE(built.batches.size() == 1);
    auto name = std::filesystem::path(built.batches.front().file).filename();
    auto content = test::read_text(built.batches.front().file);
    auto delivered = deliver_pending(*f.accounts, "a", both(f, sshd, "a"), no_audit, "now");
    INFO((delivered ? "" : delivered.error().message));
    REQUIRE(delivered);
    CHECK(delivered->size() == 1);
    CHECK(test::read_text(f.dir / "outbox" / "a" / name) == content);
    CHECK(test::read_text(sshd.dir() / "incoming" / name) == content);
    CHECK(f.accounts->cursor("a").value() == built.batches.front().last_seq);
}

TEST_CASE("a refused push leaves the batch pending, the next delivery sends the same file") {
    SshdFixture sshd;
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = f.provider("a", "0000001A");
    auto built = f.build(a);
    REQUIRE(built.batches.size() == 1);
    auto destination = both(f, sshd, "a");
    destination.push->remote_dir = "/nonexistent/incoming";
    auto refused = deliver_pending(*f.accounts, "a", destination, no_audit, "now");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.starts_with("provider a: "));
    CHECK(refused.error().message.find("/nonexistent/incoming") != std::string::npos);
    CHECK(f.accounts->cursor("a").value() == 0);
    CHECK(f.accounts->pending_batches("a").value().size() == 1);

    auto delivered = deliver_pending(*f.accounts, "a", both(f, sshd, "a"), no_audit, "now");
    REQUIRE(delivered);
    REQUIRE(delivered->size() == 1);
    CHECK(delivered->front().id == built.batches.front().id);
    auto name = std::filesystem::path(built.batches.front().file).filename();
    CHECK(test::read_text(sshd.dir() / "incoming" / name) ==
          test::read_text(f.dir / "outbox" / "a" / name));
}

TEST_CASE("an audit record that cannot be written stops the delivery before anything leaves") {
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = f.provider("a", "0000001A");
    f.build(a);
    auto delivered = deliver_pending(
        *f.accounts, "a", f.outbox("a"),
        [](const FeedBatch&) -> Result<void> { return fail(ErrorCode::Io, "audit trail full"); },
        "now");
    REQUIRE_FALSE(delivered);
    CHECK(delivered.error().message == "provider a: audit trail full");
    CHECK_FALSE(std::filesystem::exists(f.dir / "outbox" / "a"));
    CHECK(f.accounts->cursor("a").value() == 0);
}
