// The `aaf` feed format (sync/feed/aaf_set, aaf_cut, set_folder): a provider's whole scope
// as a Complet AAF set, delivered as one folder; imported again by the import engine (what
// `aafd import` runs) into an empty store, it gives exactly the provider's scope.
#include <regex>
#include <set>

#include <doctest/doctest.h>

#include "parsers/export_file_name.hpp"
#include "sync/feed/aaf_cut.hpp"
#include "tests/sync/feed_fixture.hpp"

using namespace aafd;
using namespace aafd::test;

namespace {

// Two schools; P1 in S1 and P3 in S2 share the relative R1; T1 works in both schools;
// P2 is in S2 only.
void import_two_schools(FeedFixture& f) {
    f.import(
        "Complet", "20250907",
        {{Category::Structure, {school("S1", "0000001A"), school("S2", "0000002B")}},
         {Category::Pupil,
          {pupil("P1", "MARTIN", "Marie", "S1", "R1"), pupil("P2", "DURAND", "Léa", "S2", "R2"),
           pupil("P3", "MARTIN", "Luc", "S2", "R1")}},
         {Category::Relative, {relative("R1", "MARTIN", "Paul"), relative("R2", "DURAND", "Ana")}},
         {Category::Staff,
          {{"T1",
            {{"sn", {"DUPONT"}},
             {"givenName", {"Jean"}},
             {"ENTPersonStructRattach", {"S1", "S2"}},
             {"ENTPersonFonctions", {"S1$ENS$ENSEIGNEMENT$L0201", "S2$DIR$DIRECTION$D0101"}},
             {"ENTAuxEnsClasses", {"S1$6A", "S2$6A"}},
             {"mail", {"jean.dupont@example.org"}}}}}}});
}

sync::FeedProvider aaf_provider(FeedFixture& f, const std::string& name, const std::string& uai) {
    auto p = f.provider(name, uai);
    p.format = sync::FeedFormat::Aaf;
    p.aaf_chunk_records = 10000; // config::Provider's default
    return p;
}

std::vector<std::filesystem::path> files_of(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
        if (entry.is_regular_file())
            files.push_back(std::filesystem::relative(entry.path(), folder));
    std::sort(files.begin(), files.end());
    return files;
}

// Imports a delivered set folder into a new store as source "copy".
struct Copy {
    TempDir dir;
    std::unique_ptr<sync::Store> store;

    explicit Copy(const std::filesystem::path& set) {
        auto opened = sync::open_sqlite_store((dir / "copy.db").string());
        REQUIRE(opened);
        store = std::move(*opened);
        sync::NoProgress progress;
        sync::ImportEngine engine(*store, test::import_options("copy"),
                                  sys_days{2025y / September / 9} + hours{2}, progress);
        auto report = engine.run({set});
        INFO((report.error ? report.error->message : ""));
        REQUIRE_FALSE(report.error);
    }

    // "category id" of every active object.
    std::set<std::string> objects() {
        std::set<std::string> found;
        for (auto flow : {Flow::First, Flow::Second})
            for (auto category : k_all_categories)
                REQUIRE(store->for_each_in_state(
                    "copy", flow, category, sync::State::Active,
                    [&](std::int64_t, const std::string& id, const std::string&) {
                        found.insert(std::string(category_name(category)) + " " + id);
                    }));
        return found;
    }

    sync::Attributes attributes(Category category, const std::string& id) {
        auto digest = store->find({"copy", Flow::Second, category, id});
        REQUIRE(digest);
        REQUIRE(*digest);
        auto attributes = store->load_attributes((*digest)->rowid);
        REQUIRE(attributes);
        return *attributes;
    }
};

sync::Attributes source_attributes(FeedFixture& f, Category category, const std::string& id) {
    auto found = f.accounts->objects_with_id("test", category, id);
    REQUIRE(found);
    REQUIRE(found->size() == 1);
    return found->front().attributes;
}

} // namespace

TEST_CASE("an aaf delivery is the provider's scope as a Complet set, cut to its schools") {
    FeedFixture f;
    import_two_schools(f);
    f.provision();
    auto p = aaf_provider(f, "ent-a", "0000001A");
    auto built = f.build(p);
    REQUIRE(built.batches.size() == 1);
    auto delivered = f.deliver("ent-a");
    REQUIRE(delivered.size() == 1);
    auto set =
        f.dir / "outbox" / "ent-a" / std::filesystem::path(delivered.front().file).filename();
    REQUIRE(std::filesystem::is_directory(set));
    CHECK_FALSE(std::filesystem::exists(delivered.front().file)); // staging emptied

    SUBCASE("file names: the académie's naming, feeder's patterns, one folder per source") {
        auto files = files_of(set);
        std::vector<std::string> names;
        for (const auto& file : files)
            names.push_back(file.string());
        CHECK(names ==
              std::vector<std::string>{"test/ENT2D-ent-a_Complet_20250908_Eleve_0000.xml",
                                       "test/ENT2D-ent-a_Complet_20250908_EtabEducNat_0000.xml",
                                       "test/ENT2D-ent-a_Complet_20250908_PersEducNat_0000.xml",
                                       "test/ENT2D-ent-a_Complet_20250908_PersRelEleve_0000.xml"});
        // edificeio/entcore feeder/.../aaf/*ImportProcessing.java getFileRegex()
        CHECK(std::regex_match(names[0], std::regex(".*?Eleve_[0-9]{4}\\.xml")));
        CHECK(std::regex_match(names[1], std::regex(".*?EtabEducNat_[0-9]{4}\\.xml")));
        for (const auto& file : files) {
            auto parsed = parse_export_file_name(file.filename().string());
            REQUIRE(parsed);
            CHECK(parsed->kind == SetKind::Full);
            CHECK(parsed->flow == Flow::Second);
        }
        auto text = read_text(set / files[0]);
        CHECK(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ficAlimMENESR>\n"
                               "<!-- degre=\"2D\" -->\n"
                               "<!-- dateGenerationExport=\"08/09/2025\" -->\n\n<addRequest>\n"));
        CHECK(text.find("modifyRequest") == std::string::npos);
    }

    SUBCASE("imported into an empty store, it gives exactly the provider's scope") {
        Copy copy(set);
        CHECK(copy.objects() == std::set<std::string>{"EtabEducNat S1", "Eleve P1",
                                                      "PersRelEleve R1", "PersEducNat T1"});
        sync::AafCut cut{{"S1"}, {"P1", "R1", "T1"}, p.fields};
        for (auto [category, id] : {std::pair{Category::Structure, "S1"},
                                    {Category::Pupil, "P1"},
                                    {Category::Relative, "R1"},
                                    {Category::Staff, "T1"}}) {
            INFO(id);
            CHECK(copy.attributes(category, id) ==
                  sync::cut_attributes(category, source_attributes(f, category, id), cut));
        }
    }

    SUBCASE("scope leaks: a person of two schools, a relative of two providers' pupils") {
        Copy copy(set);
        auto teacher = copy.attributes(Category::Staff, "T1");
        CHECK(sync::values_of(teacher, "ENTPersonStructRattach") == std::vector<std::string>{"S1"});
        CHECK(sync::values_of(teacher, "ENTPersonFonctions") ==
              std::vector<std::string>{"S1$ENS$ENSEIGNEMENT$L0201"});
        CHECK(sync::values_of(teacher, "ENTAuxEnsClasses") == std::vector<std::string>{"S1$6A"});
        CHECK(sync::values_of(teacher, "mail").empty()); // in no field group
        auto all = files_of(set);
        for (const auto& file : all) {
            auto text = read_text(set / file);
            CHECK(text.find("S2") == std::string::npos);
            CHECK(text.find("P3") == std::string::npos);
            CHECK(text.find("Luc") == std::string::npos);
        }
    }

    SUBCASE("only attribute names of the source export") {
        std::set<std::string> source_names;
        for (auto [category, id] : {std::pair{Category::Structure, "S1"},
                                    {Category::Pupil, "P1"},
                                    {Category::Relative, "R1"},
                                    {Category::Staff, "T1"}})
            for (const auto& attribute : source_attributes(f, category, id))
                source_names.insert(attribute.name);
        std::regex attr_name("<attr name=\"([^\"]+)\">");
        for (const auto& file : files_of(set)) {
            auto text = read_text(set / file);
            for (std::sregex_iterator it(text.begin(), text.end(), attr_name), end; it != end;
                 ++it) {
                INFO((*it)[1].str());
                CHECK((source_names.contains((*it)[1].str()) ||
                       (*it)[1].str() == "ENTStructureJointure" ||
                       (*it)[1].str() == "ENTPersonJointure" ||
                       (*it)[1].str().starts_with("categorie"))); // operational attributes
            }
        }
    }
}

TEST_CASE("field groups left out of an aaf set: no names, no links") {
    FeedFixture f;
    import_two_schools(f);
    f.provision();
    auto p = aaf_provider(f, "ent-a", "0000001A");
    p.fields = {sync::FeedField::Schools};
    f.build(p);
    auto delivered = f.deliver("ent-a");
    REQUIRE(delivered.size() == 1);
    Copy copy(f.dir / "outbox" / "ent-a" /
              std::filesystem::path(delivered.front().file).filename());
    auto pupil = copy.attributes(Category::Pupil, "P1");
    CHECK(pupil ==
          sync::Attributes{{"ENTPersonJointure", {"P1"}}, {"ENTPersonStructRattach", {"S1"}}});
}

TEST_CASE("aaf chunks hold at most aaf_chunk_records records") {
    FeedFixture f;
    import_two_schools(f);
    f.provision();
    auto p = aaf_provider(f, "ent-b", "0000002B");
    p.aaf_chunk_records = 1;
    f.build(p);
    auto delivered = f.deliver("ent-b");
    REQUIRE(delivered.size() == 1);
    auto set =
        f.dir / "outbox" / "ent-b" / std::filesystem::path(delivered.front().file).filename();
    auto files = files_of(set);
    CHECK(std::count_if(files.begin(), files.end(), [](const auto& file) {
              return file.string().find("_Eleve_") != std::string::npos;
          }) == 2);
    CHECK(std::filesystem::exists(set / "test" / "ENT2D-ent-b_Complet_20250908_Eleve_0001.xml"));
    Copy copy(set);
    CHECK(copy.objects() == std::set<std::string>{"EtabEducNat S2", "Eleve P2", "Eleve P3",
                                                  "PersRelEleve R1", "PersRelEleve R2",
                                                  "PersEducNat T1"});
}

TEST_CASE("an aaf provider whose scope holds no one gets an empty full set, then a new set on "
          "change only") {
    FeedFixture f;
    f.import("Complet", "20250907",
             {{Category::Structure, {school("S1", "0000001A")}},
              {Category::Pupil, {}},
              {Category::Relative, {}},
              {Category::Staff, {}}});
    auto p = aaf_provider(f, "ent-a", "0000001A");
    auto built = f.build(p, sync::BuildMode::Snapshot);
    REQUIRE(built.batches.size() == 1);
    auto delivered = f.deliver("ent-a");
    REQUIRE(delivered.size() == 1);
    auto set =
        f.dir / "outbox" / "ent-a" / std::filesystem::path(delivered.front().file).filename();
    CHECK(files_of(set).size() == 4);
    Copy copy(set);
    CHECK(copy.objects() == std::set<std::string>{"EtabEducNat S1"});
    CHECK(f.build(p).batches.empty()); // nothing changed: no new set
}

TEST_CASE("at the convention's end, an aaf provider gets a final set without the people") {
    FeedFixture f;
    import_two_schools(f);
    f.provision();
    auto p = aaf_provider(f, "ent-a", "0000001A");
    f.build(p);
    REQUIRE(f.deliver("ent-a").size() == 1);
    auto final_set = f.build(p, sync::BuildMode::ConventionEnd);
    REQUIRE(final_set.batches.size() == 1);
    CHECK(final_set.batches.front().kind == sync::FeedBatchKind::Final);
    auto delivered = f.deliver("ent-a");
    REQUIRE(delivered.size() == 1);
    Copy copy(f.dir / "outbox" / "ent-a" /
              std::filesystem::path(delivered.front().file).filename());
    CHECK(copy.objects() == std::set<std::string>{"EtabEducNat S1"});
}

TEST_CASE("an aaf set changed after its build is not delivered") {
    FeedFixture f;
    import_two_schools(f);
    f.provision();
    auto p = aaf_provider(f, "ent-a", "0000001A");
    auto built = f.build(p);
    REQUIRE(built.batches.size() == 1);
    auto folder = std::filesystem::path(built.batches.front().file);
    write_file(folder / "test" / "ENT2D-ent-a_Complet_20250908_Eleve_0000.xml", "tampered");
    auto sent = sync::send_batch(built.batches.front(), f.outbox("ent-a"));
    REQUIRE_FALSE(sent);
    CHECK(sent.error().message.find("changed since it was built") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(f.dir / "outbox" / "ent-a"));
}
