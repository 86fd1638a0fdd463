// The set formats through the real binary: `aafd feed deliver` hands a provider its own AAF
// (`format = "aaf"`), which `aafd import` takes into an empty store as exactly the
// provider's scope; `aafd check-config` refuses a `be1d` provider without a 1D school.
#include <sstream>

#include <doctest/doctest.h>

#include "tests/daemon/feed_cli_fixture.hpp"
#include "tests/sync/sshd_fixture.hpp"

using namespace aafd;
using test::FeedCli;

namespace {

// The line of the n-th (0-based) [[provider]] in the configuration file.
int provider_line(const FeedCli& f, int n) {
    std::istringstream lines(test::read_file(f.config_file()));
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        if (line == "[[provider]]" && n-- == 0)
            return number;
    }
    FAIL("no such provider");
    return 0;
}

std::set<std::string> active_people(const std::filesystem::path& store) {
    auto db = sync::Database::open(store.string(), sync::OpenMode::ReadOnly);
    REQUIRE(db);
    auto query = db->prepare("SELECT category || ' ' || id FROM object WHERE state = 'active'"
                             " AND category IN ('Eleve', 'PersRelEleve', 'PersEducNat')");
    REQUIRE(query);
    std::set<std::string> people;
    REQUIRE(query->for_each_row([&] { people.insert(query->column_text(0)); }));
    return people;
}

} // namespace

TEST_CASE("aaf: feed deliver, then aafd import into an empty store, gives the provider's "
          "scope") {
    FeedCli f;
    f.provider("college").extra = "format = \"aaf\"\n";
    f.import_demo();
    auto scope = f.expected_scope({test::k_college});
    REQUIRE_FALSE(scope.empty());
    auto run = f.run({"feed", "deliver"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    auto sets = f.files("college");
    REQUIRE(sets.size() == 1);
    CHECK(sets[0].ends_with(".aaf"));
    auto copy = f.dir / "copy.db";
    auto imported = f.run({"import", "--store", copy.string(), "--source", "copy",
                           (f.outbox("college") / sets[0] / "demo").string()});
    INFO(imported.err);
    REQUIRE(imported.status == 0);
    CHECK(active_people(copy) == scope);
}

TEST_CASE("check-config refuses a be1d provider whose schools are 2D only, with its line") {
    FeedCli f;
    f.import_demo();
    f.provider("ecoles").extra = "format = \"be1d\"\n";
    CHECK(f.run({"check-config"}).status == 0);
    f.provider("college").extra = "format = \"be1d\"\n";
    auto run = f.run({"check-config"});
    CHECK(run.status != 0);
    CHECK(run.err.find(f.config_file().string() + ":" + std::to_string(provider_line(f, 1)) +
                       ": provider college: format \"be1d\" needs a primary (1D) school; the "
                       "store holds none among its schools") != std::string::npos);
}

TEST_CASE("aaf and be1d at the convention's end: a final set without the people, then nothing") {
    FeedCli f;
    f.import_demo();
    f.provider("ecoles").extra = "format = \"be1d\"\n";
    f.provider("college").extra = "format = \"aaf\"\n";
    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    REQUIRE(f.files("ecoles").size() == 1);
    REQUIRE(f.files("college").size() == 1);

    auto ended = "end = " + test::iso_day(-10) + "\nretention_days = 5\n";
    f.provider("ecoles").extra += ended;
    f.provider("college").extra += ended;
    auto run = f.run({"feed", "deliver"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    auto be1d = f.files("ecoles");
    REQUIRE(be1d.size() == 2);
    std::size_t schools = 0;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(f.outbox("ecoles") / be1d[1])) {
        if (entry.is_directory() && entry.path().filename().string().find('@') != std::string::npos)
            ++schools;
        if (entry.is_regular_file()) { // the header row only
            auto text = test::read_file(entry.path());
            CHECK(std::count(text.begin(), text.end(), '\n') == 1);
        }
    }
    CHECK(schools == 2);
    auto aaf = f.files("college");
    REQUIRE(aaf.size() == 2);
    auto copy = f.dir / "copy.db";
    auto imported = f.run({"import", "--store", copy.string(), "--source", "copy",
                           (f.outbox("college") / aaf[1] / "demo").string()});
    INFO(imported.err);
    REQUIRE(imported.status == 0);
    CHECK(active_people(copy).empty()); // its school only

    REQUIRE(f.run({"feed", "deliver"}).status == 0);
    CHECK(f.files("ecoles").size() == 2); // then nothing
    CHECK(f.files("college").size() == 2);
}

TEST_CASE("aaf pushed by SFTP: feed deliver puts the whole set on the provider's server, and "
          "the audit trail says where") {
    test::SshdFixture sshd;
    auto incoming = sshd.dir() / "incoming";
    std::filesystem::create_directories(incoming);
    FeedCli f;
    f.import_demo();
    f.provider("college").extra =
        "format = \"aaf\"\n[provider.push]\nhost = \"127.0.0.1\"\nport = " +
        std::to_string(sshd.port()) + "\nuser = \"" + sshd.user() + "\"\nkey = \"" +
        sshd.client_key().string() + "\"\nknown_hosts = \"" + sshd.known_hosts().string() +
        "\"\nremote_dir = \"" + incoming.string() + "\"\n";
    auto run = f.run({"feed", "deliver"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    auto sets = f.files("college");
    REQUIRE(sets.size() == 1);
    auto tree = [](const std::filesystem::path& root) {
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
            if (entry.is_regular_file())
                files.push_back(std::filesystem::relative(entry.path(), root).string() + " " +
                                test::read_file(entry.path()));
        std::sort(files.begin(), files.end());
        return files;
    };
    std::vector<std::string> remote;
    for (const auto& entry : std::filesystem::directory_iterator(incoming))
        remote.push_back(entry.path().filename().string());
    CHECK(remote == std::vector<std::string>{sets[0]}); // no .part left
    CHECK(tree(incoming / sets[0]) == tree(f.outbox("college") / sets[0]));
    auto delivered = f.records("feed.deliver");
    auto record = std::find_if(delivered.begin(), delivered.end(),
                               [&](const auto& r) { return r.detail("file") == sets[0]; });
    REQUIRE(record != delivered.end());
    CHECK(record->detail("to").find("sftp://" + sshd.user() + "@127.0.0.1:") != std::string::npos);
}
