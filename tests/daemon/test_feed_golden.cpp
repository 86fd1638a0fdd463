// The demo académie's feeds, line for line: what three providers receive over the demo
// series (every delta delivered, then a snapshot) is compared with tests/daemon/golden/
// demo_feeds/, activation codes and journal positions aside. Any change of the builder that
// changes a provider's lines shows here.
#include <fstream>

#include "tests/daemon/feed_cli_fixture.hpp"

using namespace aafd;
using aafd::test::FeedCli;

namespace {

// What `provider` received, in the golden files' form: "# changes"/"# snapshot" before
// each batch, then its lines without seq and activation_code.
std::vector<std::string> received(const FeedCli& f, const std::string& provider) {
    std::vector<std::string> lines;
    for (const auto& file : f.files(provider)) {
        lines.push_back(file.find("-snapshot-") != std::string::npos ? "# snapshot" : "# changes");
        std::ifstream in(f.outbox(provider) / file);
        for (std::string text; std::getline(in, text);) {
            auto line = nlohmann::ordered_json::parse(text);
            line.erase("seq");
            line.erase("activation_code");
            lines.push_back(line.dump());
        }
    }
    return lines;
}

std::vector<std::string> golden(const std::string& provider) {
    std::ifstream in(test::source_path("tests/daemon/golden/demo_feeds/" + provider + ".txt"));
    REQUIRE(in);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

} // namespace

TEST_CASE("the demo académie's feeds are the same, line for line, as the golden files") {
    FeedCli f;
    f.providers = {
        {"all", {"0860101T", "0860102U", "0860103V", "0860104W", "0860105X", "0860106Y"}},
        {"ecoles", {test::k_ecoles_1, test::k_ecoles_2}},
        {"college", {test::k_college}}};
    std::vector<std::filesystem::path> sets;
    for (const auto& entry :
         std::filesystem::directory_iterator(test::source_path("fixtures/demo")))
        sets.push_back(entry.path());
    std::sort(sets.begin(), sets.end());
    for (const auto& set : sets) {
        auto imported = f.run({"import", "--source", "demo", set.string()});
        INFO(imported.err);
        REQUIRE(imported.status == 0);
        auto delivered = f.run({"feed", "deliver"});
        INFO(delivered.err);
        REQUIRE(delivered.status == 0);
    }
    auto snapshot = f.run({"feed", "snapshot", "all"});
    INFO(snapshot.err);
    REQUIRE(snapshot.status == 0);

    for (const std::string provider : {"all", "ecoles", "college"}) {
        auto got = received(f, provider);
        auto want = golden(provider);
        INFO("provider ", provider);
        for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
            INFO("line ", i + 1);
            REQUIRE(got[i] == want[i]);
        }
        CHECK(got.size() == want.size());
    }
}
