// Specification of `aafd feed preview PROVIDER [--lines N]` (daemon/feed_preview.cpp), run
// on the demo académie: the counts and first lines of the next batch, the same lines the
// next delivery then sends; nothing written (the store byte for byte, the outbox, the
// staging folder, the cursor), and the access recorded in the audit trail; every format.
#include <doctest/doctest.h>

#include "tests/daemon/feed_cli_fixture.hpp"
#include "util/sha256.hpp"

using namespace aafd;
using test::FeedCli;

namespace {

// The names in a folder; none when it does not exist.
std::vector<std::string> names_in(const std::filesystem::path& folder) {
    return std::filesystem::exists(folder) ? test::file_names_in(folder)
                                           : std::vector<std::string>{};
}

// What a preview could change: the bytes of the store and of its WAL (an empty WAL and
// none are the same: the last connection to close removes it), the provider's outbox and
// staging folder.
struct Footprint {
    std::string store;
    std::string wal;
    std::vector<std::string> outbox;
    std::vector<std::string> staging;
    bool operator==(const Footprint&) const = default;
};

Footprint footprint(const FeedCli& f, const std::string& provider) {
    std::filesystem::path wal = f.store().string() + "-wal";
    return {sha256_hex(test::read_file(f.store())),
            sha256_hex(std::filesystem::exists(wal) ? test::read_file(wal) : ""), f.files(provider),
            names_in(f.dir / "spool" / "feed" / provider)};
}

// The lines after the preview's "first N of M lines" heading.
std::vector<std::string> shown_lines(const std::string& out) {
    auto heading = out.find(" lines (activation codes hidden):\n");
    REQUIRE(heading != std::string::npos);
    std::istringstream in(out.substr(out.find('\n', heading) + 1));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string without_code(nlohmann::json line) {
    line.erase("activation_code");
    return line.dump();
}

} // namespace

TEST_CASE("feed preview: the next batch's counts and first lines, and nothing written") {
    FeedCli f;
    f.import_demo();
    auto scope = std::to_string(f.expected_scope({test::k_college}).size());
    auto before = footprint(f, "college");
    auto preview = f.run({"feed", "preview", "college", "--lines", "3"});
    INFO(preview.err);
    REQUIRE(preview.status == 0);
    CHECK(preview.out.starts_with("college: running, 0 batches built and not yet delivered\n"
                                  "  next batch (jsonl): journal 0.."));
    CHECK(preview.out.find("accounts would be provisioned first") != std::string::npos);
    CHECK(preview.out.find("  lines: " + scope + " (create " + scope +
                           ", update 0, deactivate 0, delete 0)\n") != std::string::npos);
    auto shown = shown_lines(preview.out);
    REQUIRE(shown.size() == 3);
    for (const auto& line : shown)
        CHECK(nlohmann::json::parse(line)["activation_code"] == "(hidden)");
    CHECK(footprint(f, "college") == before);
    auto recorded = f.records("feed.preview");
    REQUIRE(recorded.size() == 1);
    CHECK(recorded[0].object == "college");
    CHECK(recorded[0].details ==
          std::vector<std::pair<std::string, std::string>>{{"lines", scope}, {"shown", "3"}});

    SUBCASE("the next delivery sends the lines the preview showed") {
        REQUIRE(f.run({"feed", "deliver", "--provider", "college"}).status == 0);
        auto files = f.files("college");
        REQUIRE(files.size() == 1);
        auto delivered = f.lines("college", files[0]);
        REQUIRE(delivered.size() == std::stoul(scope));
        for (std::size_t i = 0; i < shown.size(); ++i)
            CHECK(without_code(nlohmann::json::parse(shown[i])) == without_code(delivered[i]));
        auto after = f.run({"feed", "preview", "college"});
        CHECK(after.out.find("  lines: 0 (create 0, update 0, deactivate 0, delete 0)\n"
                             "  nothing to deliver\n") != std::string::npos);
    }
}

// One format's preview: what it says, and that it wrote nothing.
static void check_format_preview(const std::string& extra) {
    CAPTURE(extra);
    FeedCli f;
    f.provider("ecoles").extra = extra;
    f.import_demo();
    auto before = footprint(f, "ecoles");
    auto preview = f.run({"feed", "preview", "ecoles", "--lines", "2"});
    INFO(preview.err);
    REQUIRE(preview.status == 0);
    CHECK(footprint(f, "ecoles") == before);
    auto scope = std::to_string(f.expected_scope({test::k_ecoles_1, test::k_ecoles_2}).size());
    CHECK(preview.out.find("  lines: " + scope + " (create ") != std::string::npos);
    if (extra.find("aaf") != std::string::npos || extra.find("be1d") != std::string::npos) {
        CHECK(preview.out.find(" set folder, the whole scope: " + scope +
                               " people in 2 schools\n") != std::string::npos);
    } else if (extra.find("csv") != std::string::npos) {
        auto shown = shown_lines(preview.out);
        REQUIRE(shown.size() == 3); // the header row, then two lines
        CHECK(shown[0].starts_with("seq,op,"));
    } else {
        CHECK(shown_lines(preview.out).front() == "version: 1");
        CHECK(preview.out.find("\nchangetype: add\n") != std::string::npos);
    }
}

TEST_CASE("feed preview: every format says what its next delivery would do, writing nothing") {
    for (const std::string extra :
         {"format = \"csv\"\n",
          "format = \"ldif\"\n[provider.ldap]\nbase_dn = \"ou=people,dc=ex\"\n"
          "structures_dn = \"ou=s,dc=ex\"\n",
          "format = \"aaf\"\n", "format = \"be1d\"\n"})
        check_format_preview(extra);
}

TEST_CASE("feed preview: an unknown provider is refused, a stopped convention builds nothing") {
    FeedCli f;
    f.import_demo();
    auto unknown = f.run({"feed", "preview", "nobody"});
    CHECK(unknown.status != 0);
    CHECK(unknown.err.find("nobody") != std::string::npos);
    f.provider("college").extra = "start = " + test::iso_day(-30) + "\nend = " + test::iso_day(-1) +
                                  "\nretention_days = 30\n";
    auto stopped = f.run({"feed", "preview", "college"});
    INFO(stopped.err);
    REQUIRE(stopped.status == 0);
    CHECK(stopped.out == "college: stopped, 0 batches built and not yet delivered\n"
                         "  the convention's phase builds no batch\n");
}
