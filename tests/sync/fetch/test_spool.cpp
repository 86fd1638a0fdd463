// Specification of sync/fetch/spool.hpp: the spool's layout, the one place it is spelled.
#include <doctest/doctest.h>

#include "sync/fetch/spool.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::sync;

TEST_CASE("spool: a source's folders and files under the [spool] root") {
    Spool spool("/var/spool/aafd", "poitiers");
    CHECK(spool.dir() == "/var/spool/aafd/poitiers");
    CHECK(spool.partial() == "/var/spool/aafd/poitiers/partial");
    CHECK(spool.ready() == "/var/spool/aafd/poitiers/ready");
    CHECK(spool.applied() == "/var/spool/aafd/poitiers/applied");
    CHECK(spool.applied_on(std::chrono::year{2025} / 9 / 7) ==
          "/var/spool/aafd/poitiers/applied/2025-09-07");
    CHECK(spool.ledger() == "/var/spool/aafd/poitiers/fetched.tsv");
    CHECK(spool.part_file("ENT1D.a.xml") == "/var/spool/aafd/poitiers/partial/ENT1D.a.xml.part");
    CHECK(spool.verified_file("ENT1D.a.xml") ==
          "/var/spool/aafd/poitiers/partial/ENT1D.a.xml.verified");
}

TEST_CASE("spool: .part files and the feed staging folders") {
    CHECK(part_file_of("/s/ready/a.xml") == "/s/ready/a.xml.part");
    CHECK(is_part_file("a.xml.part"));
    CHECK_FALSE(is_part_file("a.xml"));
    CHECK_FALSE(is_part_file("a.part.xml"));
    CHECK(feed_staging_dir("/var/spool/aafd", "beneylu") == "/var/spool/aafd/feed/beneylu");
}

TEST_CASE("spool: create makes partial/ and ready/, and names the folder it cannot make") {
    test::TempDir dir;
    Spool spool(dir.path(), "poitiers");
    REQUIRE(spool.create());
    CHECK(std::filesystem::is_directory(spool.partial()));
    CHECK(std::filesystem::is_directory(spool.ready()));
    CHECK(spool.create()); // again: nothing to do

    test::write_file(dir / "file", "not a folder");
    auto blocked = Spool(dir / "file", "poitiers").create();
    REQUIRE_FALSE(blocked);
    CHECK(blocked.error().code == ErrorCode::Io);
    auto blocked_dir = (dir / "file" / "poitiers").string();
    CHECK(blocked.error().message == "spool " + blocked_dir + ": cannot create the folder " +
                                         (dir / "file").string() + ": Not a directory");
}
