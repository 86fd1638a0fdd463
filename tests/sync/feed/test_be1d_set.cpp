// The `be1d` feed format (sync/feed/be1d_set, latin1_text): per primary school of a
// provider, the ONDE extraction's three CSV files as Edifice's feeder reads them
// (edificeio/entcore feeder/.../be1d/Be1dFeeder.java, Be1dValidator.java), written from
// the demo académie.
#include <map>
#include <regex>

#include <doctest/doctest.h>

#include "sync/feed/latin1_text.hpp"
#include "tests/sync/feed_fixture.hpp"

using namespace aafd;
using namespace aafd::test;

namespace {

const std::filesystem::path k_demo = source_path("fixtures/demo/20250907-Complet");

void import_demo(FeedFixture& f) {
    sync::ImportEngine engine(*f.store, test::import_options("test"),
                              sys_days{2025y / September / 7} + hours{2}, f.progress);
    auto report = engine.run({k_demo});
    INFO((report.error ? report.error->message : ""));
    REQUIRE_FALSE(report.error);
}

using Rows = std::vector<std::vector<std::string>>;

// feeder's reading: ';'-separated, the first row skipped (no quoted cell in the demo).
Rows rows_of(const std::string& text) {
    Rows rows;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        REQUIRE(line.ends_with('\r'));
        line.pop_back();
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (auto at = line.find(';'); at != std::string::npos; at = line.find(';', start)) {
            cells.push_back(line.substr(start, at - start));
            start = at + 1;
        }
        cells.push_back(line.substr(start));
        rows.push_back(std::move(cells));
    }
    REQUIRE_FALSE(rows.empty());
    rows.erase(rows.begin());
    return rows;
}

std::uint64_t attached_count(FeedFixture& f, const std::string& structure, Category category) {
    auto attached = f.accounts->attached_to("test", structure);
    REQUIRE(attached);
    return std::count_if(attached->begin(), attached->end(),
                         [&](const auto& row) { return row.second == category; });
}

sync::FeedProvider be1d_provider(FeedFixture& f, const std::vector<std::string>& schools) {
    auto p = f.provider("ent-1d", schools.front());
    p.schools = schools;
    p.format = sync::FeedFormat::Be1d;
    p.fields.insert(sync::FeedField::BirthDate);
    return p;
}

std::filesystem::path deliver_be1d(FeedFixture& f, const std::vector<std::string>& schools,
                                   sync::BuildMode mode = sync::BuildMode::Changes) {
    REQUIRE(f.build(be1d_provider(f, schools), mode).batches.size() == 1);
    auto delivered = f.deliver("ent-1d");
    REQUIRE(delivered.size() == 1);
    return f.dir / "outbox" / "ent-1d" / std::filesystem::path(delivered.front().file).filename();
}

} // namespace

TEST_CASE("to_latin1: ISO-8859-1 by ICU, characters outside it transliterated") {
    CHECK(sync::to_latin1("Éloïse D'ALMEIDA") == "\xC9lo\xEFse D'ALMEIDA");
    CHECK(sync::to_latin1("Œdipe") == "OEdipe");
    CHECK(sync::to_latin1("张伟") == "zhang wei");
    CHECK(sync::to_latin1("a\xFF"
                          "b") == "a?b"); // invalid UTF-8
}

TEST_CASE("be1d: one folder per 1D school with the three ONDE files, as feeder reads them") {
    FeedFixture f;
    import_demo(f);
    f.provision();
    // Both 1D schools of the demo, and a 2D one that be1d skips.
    auto set = deliver_be1d(f, {"0860101T", "0860102U", "0860103V"});
    std::vector<std::string> folders;
    for (const auto& entry : std::filesystem::directory_iterator(set / "test"))
        folders.push_back(entry.path().filename().string());
    std::sort(folders.begin(), folders.end());
    REQUIRE(folders.size() == 2);
    // name@externalId_UAI (Be1dValidator.getStructure: split on '_', then '@').
    std::regex folder_name("[^_@]+@([0-9]+)_(08601[0-9]{2}[A-Z])");
    for (const auto& folder : folders) {
        INFO(folder);
        std::smatch parts;
        REQUIRE(std::regex_match(folder, parts, folder_name));
        auto structure = parts[1].str();
        auto dir = set / "test" / folder;
        auto pupils = rows_of(read_text(dir / "CSVExtraction-eleves.csv"));
        auto teachers = rows_of(read_text(dir / "CSVExtraction-enseignants.csv"));
        auto relatives = rows_of(read_text(dir / "CSVExtraction-responsables.csv"));
        CHECK(pupils.size() == attached_count(f, structure, Category::Pupil));
        CHECK(teachers.size() == attached_count(f, structure, Category::Staff));
        CHECK_FALSE(relatives.empty());
        std::set<std::string> pupil_keys; // what feeder hashes: usage, family, first, class
        for (const auto& row : pupils) {
            REQUIRE(row.size() == 20); // Be1dValidator: fewer is "missing.columns"
            CHECK_FALSE(row[0].empty());
            CHECK_FALSE(row[2].empty());
            CHECK(std::regex_match(row[3], std::regex("[0-9]{2}/[0-9]{2}/[0-9]{4}")));
            CHECK_FALSE(row[15].empty());
            pupil_keys.insert(row[1] + "|" + row[0] + "|" + row[2] + "|" + row[15]);
        }
        for (const auto& row : relatives) {
            REQUIRE(row.size() >= 16);
            CHECK((row.size() - 12) % 4 == 0);
            for (std::size_t i = 12; i + 3 < row.size(); i += 4)
                CHECK(pupil_keys.contains(row[i] + "|" + row[i + 1] + "|" + row[i + 2] + "|" +
                                          row[i + 3]));
        }
        for (const auto& row : teachers)
            CHECK(row.size() >= 12);
    }
    auto header = read_text(set / "test" / folders[0] / "CSVExtraction-eleves.csv");
    CHECK(header.starts_with("Nom patronymique;Nom d'usage;Pr\xE9nom;"));
}

TEST_CASE("be1d scope leaks: a relative of pupils in two schools, each school its own children") {
    FeedFixture f;
    sync::NoProgress progress;
    auto folder = f.dir / "first";
    std::filesystem::create_directories(folder);
    auto pupil_1d = [](const std::string& id, const std::string& first, const std::string& s,
                       const std::string& code) {
        return TestRecord{id,
                          {{"ENTPersonNom", {"MARTIN"}},
                           {"ENTPersonPrenom", {first}},
                           {"ENTPersonStructRattach", {s}},
                           {"ENTPersonClasses", {s + "$2025$CLASSE$" + code + "$CE1"}},
                           {"ENTEleveAutoriteParentale", {"R1$10"}}}};
    };
    write_export(folder, "ENT1DVA-ENT86", "Complet", "20250907", Category::Structure,
                 {school("E1", "0000001A"), school("E2", "0000002B")});
    write_export(folder, "ENT1DVA-ENT86", "Complet", "20250907", Category::Pupil,
                 {pupil_1d("P1", "Marie", "E1", "701"), pupil_1d("P2", "Luc", "E2", "702")});
    write_export(folder, "ENT1DVA-ENT86", "Complet", "20250907", Category::Relative,
                 {{"R1",
                   {{"ENTPersonNom", {"MARTIN"}},
                    {"ENTPersonPrenom", {"Paul"}},
                    {"ENTPersRelEleveEleve", {"P1", "P2"}}}}});
    write_export(folder, "ENT1DVA-ENT86", "Complet", "20250907", Category::Staff,
                 {{"T1",
                   {{"ENTPersonNom", {"DUPONT"}},
                    {"ENTPersonPrenom", {"Jean"}},
                    {"ENTPersonStructRattach", {"E1", "E2"}},
                    {"ENTPersonFonctions", {"E1$ENS$ENSEIGNEMENT", "E2$DIR$DIRECTION"}},
                    {"ENTPersonClasses", {"E1$2025$CLASSE$711$CE2", "E2$2025$CLASSE$712$CM2"}}}}});
    sync::ImportEngine engine(*f.store, test::import_options("test"),
                              sys_days{2025y / September / 7} + hours{3}, progress);
    auto report = engine.run({folder});
    INFO((report.error ? report.error->message : ""));
    REQUIRE_FALSE(report.error);
    f.provision();
    auto set = deliver_be1d(f, {"0000001A"});
    auto dir = set / "test" / "ECOLE E1@E1_0000001A";
    REQUIRE(std::filesystem::is_directory(dir));
    CHECK_FALSE(std::filesystem::exists(set / "test" / "ECOLE E2@E2_0000002B"));
    auto pupils = rows_of(read_text(dir / "CSVExtraction-eleves.csv"));
    REQUIRE(pupils.size() == 1);
    CHECK(pupils[0][2] == "Marie");
    auto relatives = rows_of(read_text(dir / "CSVExtraction-responsables.csv"));
    REQUIRE(relatives.size() == 1);
    CHECK(relatives[0].size() == 16); // Marie only: Luc is in the other school
    CHECK(relatives[0][14] == "Marie");
    auto teachers = rows_of(read_text(dir / "CSVExtraction-enseignants.csv"));
    REQUIRE(teachers.size() == 1);
    CHECK(teachers[0].size() == 13); // the class of E1 only
    CHECK(read_text(dir / "CSVExtraction-enseignants.csv").find("CM2") == std::string::npos);
    for (const auto& file : {"CSVExtraction-eleves.csv", "CSVExtraction-enseignants.csv",
                             "CSVExtraction-responsables.csv"})
        CHECK(read_text(dir / file).find("Luc") == std::string::npos);
}

TEST_CASE("be1d at the convention's end: the final set keeps the schools' folders without the "
          "people") {
    FeedFixture f;
    import_demo(f);
    f.provision();
    auto first = deliver_be1d(f, {"0860101T"});
    auto final_set = deliver_be1d(f, {"0860101T"}, sync::BuildMode::ConventionEnd);
    CHECK(final_set != first);
    std::vector<std::string> folders;
    for (const auto& entry : std::filesystem::directory_iterator(final_set / "test"))
        folders.push_back(entry.path().filename().string());
    REQUIRE(folders.size() == 1);
    CHECK(std::filesystem::is_directory(first / "test" / folders[0])); // the same school
    auto dir = final_set / "test" / folders[0];
    CHECK_FALSE(
        rows_of(read_text(first / "test" / folders[0] / "CSVExtraction-eleves.csv")).empty());
    for (const auto& file : {"CSVExtraction-eleves.csv", "CSVExtraction-enseignants.csv",
                             "CSVExtraction-responsables.csv"}) {
        INFO(file);
        CHECK(rows_of(read_text(dir / file)).empty()); // the header row only
    }
    // Then nothing: the daemon builds no more for a closed convention
    // (tests/daemon/test_feed_set_formats.cpp).
}

TEST_CASE("be1d: a provider whose school holds no one gets, at its first build, the school's "
          "folder with empty files, not nothing") {
    FeedFixture f;
    auto folder = f.dir / "empty";
    std::filesystem::create_directories(folder);
    write_export(folder, "ENT1DVA-ENT86", "Complet", "20250907", Category::Structure,
                 {school("E1", "0000001A")});
    for (auto category : {Category::Pupil, Category::Relative, Category::Staff})
        write_export(folder, "ENT1DVA-ENT86", "Complet", "20250907", category, {});
    sync::ImportEngine engine(*f.store, test::import_options("test"),
                              sys_days{2025y / September / 7} + hours{3}, f.progress);
    auto report = engine.run({folder});
    INFO((report.error ? report.error->message : ""));
    REQUIRE_FALSE(report.error);
    auto set = deliver_be1d(f, {"0000001A"});
    auto dir = set / "test" / "ECOLE E1@E1_0000001A";
    REQUIRE(std::filesystem::is_directory(dir));
    for (const auto& file : {"CSVExtraction-eleves.csv", "CSVExtraction-enseignants.csv",
                             "CSVExtraction-responsables.csv"})
        CHECK(rows_of(read_text(dir / file)).empty());
    CHECK(f.build(be1d_provider(f, {"0000001A"})).batches.empty()); // no change: no new set
}
