// The `aaf` feed format (sync/feed/aaf_set, aaf_cut, set_folder): a provider's whole scope
// as a Complet AAF set, delivered as one folder; imported again by the import engine (what
// `aafd import` runs) into an empty store, it gives exactly the provider's scope.
#include <regex>
#include <set>

#include <doctest/doctest.h>

#include "parsers/export_file_name.hpp"
#include "sync/feed/aaf_cut.hpp"
#include "tests/sync/feed/push_target.hpp"
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

// Imports delivered set folders, in order, into a new store as source "copy".
struct Copy {
    TempDir dir;
    std::unique_ptr<sync::Store> store;

    explicit Copy(const std::filesystem::path& set) : Copy(std::vector{set}) {}

    explicit Copy(const std::vector<std::filesystem::path>& sets) {
        auto opened = sync::open_sqlite_store((dir / "copy.db").string());
        REQUIRE(opened);
        store = std::move(*opened);
        for (const auto& set : sets) {
            sync::NoProgress progress;
            sync::ImportEngine engine(*store, test::import_options("copy"),
                                      sys_days{2025y / September / 20} + hours{2}, progress);
            auto report = engine.run({set});
            INFO((report.error ? report.error->message : ""));
            REQUIRE_FALSE(report.error);
        }
    }

    // "category id: attributes" of every active object: the store's content.
    std::vector<std::string> content() {
        std::vector<std::string> found;
        for (auto flow : {Flow::First, Flow::Second})
            for (auto category : k_all_categories)
                REQUIRE(store->for_each_in_state(
                    "copy", flow, category, sync::State::Active,
                    [&](std::int64_t rowid, const std::string& id, const std::string&) {
                        auto attributes = store->load_attributes(rowid);
                        REQUIRE(attributes);
                        std::string line = std::string(category_name(category)) + " " + id + ":";
                        for (const auto& attribute : *attributes)
                            for (const auto& value : attribute.values)
                                line += " " + attribute.name + "=" + value;
                        found.push_back(line);
                    }));
        std::sort(found.begin(), found.end());
        return found;
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
                                       "test/ENT2D-ent-a_Complet_20250908_MatiereEducNat_0000.xml",
                                       "test/ENT2D-ent-a_Complet_20250908_MefEducNat_0000.xml",
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
    auto built = f.build(p); // the first build: nothing changed for it, yet a set
    REQUIRE(built.batches.size() == 1);
    auto delivered = f.deliver("ent-a");
    REQUIRE(delivered.size() == 1);
    auto set =
        f.dir / "outbox" / "ent-a" / std::filesystem::path(delivered.front().file).filename();
    CHECK(files_of(set).size() == 6);
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

namespace {

// Builds `p`'s pending set on `day` (YYYY-MM-DD) and delivers it: the delivered folder.
std::filesystem::path build_and_deliver(FeedFixture& f, const sync::FeedProvider& p,
                                        const std::string& day,
                                        sync::BuildMode mode = sync::BuildMode::Changes) {
    auto built = sync::build_feed(*f.accounts, p, mode, day + "T03:00:00Z");
    INFO((built ? "" : built.error().message));
    REQUIRE(built);
    REQUIRE(built->batches.size() == 1);
    auto delivered = sync::deliver_pending(
        *f.accounts, p.name, f.outbox(p.name),
        [](const sync::FeedBatch&) -> Result<void> { return {}; }, day + "T03:00:01Z");
    INFO((delivered ? "" : delivered.error().message));
    REQUIRE(delivered);
    REQUIRE(delivered->size() == 1);
    return f.dir / "outbox" / p.name / std::filesystem::path(delivered->front().file).filename();
}

// The kind every file of a delivered set names: "Complet" or "Delta".
std::string set_kind_of(const std::filesystem::path& set) {
    std::set<std::string> kinds;
    for (const auto& file : files_of(set)) {
        auto parsed = parse_export_file_name(file.filename().string());
        REQUIRE(parsed);
        kinds.insert(parsed->kind == SetKind::Full ? "Complet" : "Delta");
    }
    REQUIRE(kinds.size() == 1);
    return *kinds.begin();
}

sync::FeedProvider delta_provider(FeedFixture& f, const std::string& name, unsigned full_every) {
    auto p = aaf_provider(f, name, "0000001A");
    p.aaf_deltas = true;
    p.aaf_full_every = full_every;
    return p;
}

// The académie's next day: P1 changes class and loses her given name, P4 and R4 arrive
// in S1, T1 leaves S1 (so the provider loses it), R2 changes.
void import_next_day(FeedFixture& f) {
    f.import(
        "Delta", "20250909",
        {{Category::Pupil,
          {{"P1",
            {{"sn", {"MARTIN"}},
             {"ENTPersonDateNaissance", {"01/02/2012"}},
             {"ENTPersonStructRattach", {"S1"}},
             {"ENTEleveClasses", {"S1$6B"}},
             {"ENTElevePersRelEleve", {"R1$10$1$1$1$1"}}}},
           pupil("P4", "PETIT", "Noé", "S1", "R4")}},
         {Category::Relative, {relative("R4", "PETIT", "Ana"), relative("R2", "DURAND", "Eva")}},
         {Category::Staff,
          {{"T1",
            {{"sn", {"DUPONT"}},
             {"givenName", {"Jean"}},
             {"ENTPersonStructRattach", {"S2"}},
             {"ENTPersonFonctions", {"S2$DIR$DIRECTION$D0101"}}}}}}});
}

} // namespace

TEST_CASE("aaf_deltas: a Delta set applied on top of the previous full set equals the next "
          "full set") {
    FeedFixture f;
    import_two_schools(f);
    f.provision();
    auto p = delta_provider(f, "ent-a", 0);
    auto first = build_and_deliver(f, p, "2025-09-08");
    CHECK(set_kind_of(first) == "Complet");

    import_next_day(f);
    f.provision("2025-09-09T03:00:00Z");
    auto delta = build_and_deliver(f, p, "2025-09-09");
    auto full = build_and_deliver(f, aaf_provider(f, "ent-full", "0000001A"), "2025-09-09");
    CHECK(set_kind_of(full) == "Complet");

    SUBCASE("named as the académie names its deltas, with the three requests") {
        CHECK(set_kind_of(delta) == "Delta");
        CHECK(delta.filename().string().find("snapshot") == std::string::npos);
        CHECK(
            std::filesystem::exists(delta / "test" / "ENT2D-ent-a_Delta_20250909_Eleve_0000.xml"));
        auto pupils = read_text(delta / "test" / "ENT2D-ent-a_Delta_20250909_Eleve_0000.xml");
        CHECK(pupils.find("<addRequest>") != std::string::npos);    // P4
        CHECK(pupils.find("<modifyRequest>") != std::string::npos); // P1
        auto staff = read_text(delta / "test" / "ENT2D-ent-a_Delta_20250909_PersEducNat_0000.xml");
        CHECK(staff.find("<deleteRequest>") != std::string::npos); // T1 left the scope
        CHECK(staff.find("DUPONT") == std::string::npos);
        auto structures =
            read_text(delta / "test" / "ENT2D-ent-a_Delta_20250909_EtabEducNat_0000.xml");
        CHECK(structures.find("Request>") == std::string::npos); // S1 did not change
    }

    SUBCASE("the round trip: full then Delta gives what the next full set gives") {
        Copy by_delta(std::vector{first, delta});
        Copy by_full(full);
        auto expected = by_full.content();
        CHECK(expected.size() == 5); // S1, P1, P4, R1, R4: T1 left
        CHECK(by_delta.content() == expected);
        CHECK(Copy(first).content() != expected); // the delta did change something
    }
}

TEST_CASE("aaf_deltas: a full set again every aaf_full_every sets, and when the schools change") {
    FeedFixture f;
    import_two_schools(f);
    f.provision();
    auto p = delta_provider(f, "ent-a", 3);
    CHECK(set_kind_of(build_and_deliver(f, p, "2025-09-08")) == "Complet");
    import_next_day(f);
    f.provision("2025-09-09T03:00:00Z");
    CHECK(set_kind_of(build_and_deliver(f, p, "2025-09-09")) == "Delta");

    SUBCASE("every aaf_full_every sets") {
        f.import("Delta", "20250910", {{Category::Relative, {relative("R1", "MARTIN", "Paulo")}}});
        CHECK(set_kind_of(build_and_deliver(f, p, "2025-09-10")) == "Delta");
        f.import("Delta", "20250911", {{Category::Relative, {relative("R1", "MARTIN", "Pablo")}}});
        CHECK(set_kind_of(build_and_deliver(f, p, "2025-09-11")) == "Complet");
    }
    SUBCASE("a change of schools") {
        p.schools.push_back("0000002B");
        CHECK(set_kind_of(build_and_deliver(f, p, "2025-09-10")) == "Complet");
    }
    SUBCASE("a snapshot") {
        CHECK(set_kind_of(build_and_deliver(f, p, "2025-09-10", sync::BuildMode::Snapshot)) ==
              "Complet");
    }
    SUBCASE("deltas off") {
        f.import("Delta", "20250910", {{Category::Relative, {relative("R1", "MARTIN", "Paulo")}}});
        p.aaf_deltas = false;
        CHECK(set_kind_of(build_and_deliver(f, p, "2025-09-10")) == "Complet");
    }
}

TEST_CASE("an aaf set pushed by SFTP arrives as one folder, the same files as the outbox's") {
    test::SshdFixture sshd;
    FeedFixture f;
    import_two_schools(f);
    f.provision();
    auto p = aaf_provider(f, "ent-a", "0000001A");
    REQUIRE(f.build(p).batches.size() == 1);
    auto push = push_target(sshd);
    auto delivered = sync::deliver_pending(
        *f.accounts, "ent-a", {f.dir / "outbox" / "ent-a", push, {}},
        [](const sync::FeedBatch&) -> Result<void> { return {}; }, "2025-09-08T03:00:01Z");
    INFO((delivered ? "" : delivered.error().message));
    REQUIRE(delivered);
    REQUIRE(delivered->size() == 1);
    auto name = std::filesystem::path(delivered->front().file).filename();
    auto remote = sshd.dir() / "incoming" / name;
    auto outboxed = f.dir / "outbox" / "ent-a" / name;
    REQUIRE(std::filesystem::is_directory(remote));
    CHECK(files_of(remote) == files_of(outboxed));
    CHECK(files_of(remote).size() == 6);
    for (const auto& file : files_of(remote))
        CHECK(read_text(remote / file) == read_text(outboxed / file));
    CHECK(Copy(remote).content() == Copy(outboxed).content());
}

TEST_CASE("an aaf set holds the subjects and MEFs its people name, and no other") {
    FeedFixture f;
    f.import("Complet", "20250907",
             {{Category::Structure, {school("S1", "0000001A"), school("S2", "0000002B")}},
              {Category::Subject,
               {{"030201", {{"ENTLibelleMatiere", {"ANGLAIS"}}}},
                {"061300", {{"ENTLibelleMatiere", {"MATHEMATIQUES"}}}},
                {"999999", {{"ENTLibelleMatiere", {"AUTRE"}}}}}},
              {Category::Mef,
               {{"10010012110", {{"ENTLibelleMef", {"6EME"}}}},
                {"10110001110", {{"ENTLibelleMef", {"5EME"}}}}}},
              {Category::Pupil,
               {{"P1",
                 {{"sn", {"MARTIN"}},
                  {"givenName", {"Marie"}},
                  {"ENTPersonStructRattach", {"S1"}},
                  {"ENTEleveMEF", {"10010012110"}}}},
                {"P3",
                 {{"sn", {"MARTIN"}},
                  {"givenName", {"Luc"}},
                  {"ENTPersonStructRattach", {"S2"}},
                  {"ENTEleveMEF", {"10110001110"}}}}}},
              {Category::Relative, {}},
              {Category::Staff,
               {{"T1",
                 {{"sn", {"DUPONT"}},
                  {"ENTPersonStructRattach", {"S1", "S2"}},
                  {"ENTAuxEnsMatiereEnseignEtab", {"S1$030201", "S2$061300"}}}}}}});
    f.provision();
    auto set = build_and_deliver(f, aaf_provider(f, "ent-a", "0000001A"), "2025-09-08");
    Copy copy(set);
    auto content = copy.content();
    std::vector<std::string> nomenclature;
    for (const auto& line : content)
        if (line.starts_with("MatEducNat ") || line.starts_with("MefEducNat "))
            nomenclature.push_back(line);
    CHECK(nomenclature ==
          std::vector<std::string>{
              "MatEducNat 030201: ENTLibelleMatiere=ANGLAIS ENTMatJointure=030201",
              "MefEducNat 10010012110: ENTLibelleMef=6EME ENTMefJointure=10010012110"});

    auto without_classes = aaf_provider(f, "ent-b", "0000001A"); // MEFs and subjects are
    without_classes.fields.erase(sync::FeedField::Classes);      // in the classes group
    auto none = Copy(build_and_deliver(f, without_classes, "2025-09-08")).content();
    CHECK(std::none_of(none.begin(), none.end(), [](const std::string& line) {
        return line.starts_with("MatEducNat ") || line.starts_with("MefEducNat ");
    }));
}
