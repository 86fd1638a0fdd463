// Specification of the import engine (sync/import/import_engine.hpp) on the published
// samples (skipped without them, see tests/samples.hpp) and on small sets written by the
// tests, which cover what the samples show, with a real SQLite store.
#include <doctest/doctest.h>

#include "sync/import/import_engine.hpp"
#include "sync/store/sqlite_store.hpp"
#include "tests/samples.hpp"
#include "tests/sync/export_writer.hpp"
#include "tests/sync/fault_store.hpp"
#include "tests/sync/import_options.hpp"
#include "tests/sync/store_dump.hpp"

using namespace aafd;
using namespace aafd::sync;
using test::TestRecord;

namespace {

using namespace std::chrono;
const system_clock::time_point k_now = sys_days{year{2025} / September / 10} + hours{2};

struct Fixture {
    test::TempDir dir;
    std::unique_ptr<Store> store;
    NoProgress progress;
    ImportOptions options = test::import_options("test");

    Fixture() {
        auto opened = open_sqlite_store((dir / "store.db").string());
        REQUIRE(opened);
        store = std::move(*opened);
    }

    ImportReport import(const std::vector<std::filesystem::path>& paths,
                        system_clock::time_point now = k_now) {
        ImportEngine engine(*store, options, now, progress);
        return engine.run(paths);
    }

    std::optional<StoredObject> object(const std::string& id, Category category) {
        auto found = store->find_objects("test", id, {category});
        REQUIRE(found);
        if (found->empty())
            return std::nullopt;
        return found->front();
    }

    std::uint64_t count(Category category, State state) {
        auto counts = store->count_objects();
        REQUIRE(counts);
        return (*counts)[category][state];
    }
};

std::vector<TestRecord> pupils(int first, int count, const std::string& class_code = "6A") {
    std::vector<TestRecord> records;
    for (int i = first; i < first + count; ++i)
        records.push_back({std::to_string(i),
                           {{"sn", {"NOM" + std::to_string(i)}},
                            {"givenName", {"Prénom"}},
                            {"ENTPersonDateNaissance", {"01/02/2012"}},
                            {"ENTPersonStructRattach", {"1"}},
                            {"ENTEleveClasses", {"1$" + class_code}}}});
    return records;
}

std::filesystem::path full_set(const std::filesystem::path& dir, const std::string& date,
                               const std::vector<TestRecord>& eleves) {
    auto folder = dir / ("full-" + date);
    test::write_export(folder, "ENT2DVA-ENT86", "Complet", date, Category::Structure,
                       {{"1", {{"ENTStructureUAI", {"0861234X"}}, {"street", {"1 rue"}}}}});
    test::write_export(folder, "ENT2DVA-ENT86", "Complet", date, Category::Pupil, eleves);
    return folder;
}

} // namespace

AAFD_SAMPLES_TEST_CASE(
    "aix-marseille 2013: the missing Eleve chunk 0000 is named and the set refused") {
    Fixture f;
    auto report = f.import({test::sample("aix-marseille-2013")});
    REQUIRE(report.error);
    CHECK(report.error->code == ErrorCode::IncompleteSet);
    CHECK(report.error->message ==
          "set 2D Complet 2013-01-17 is incomplete: FULL_ENTTSSERVICES Eleve: chunk 0000 "
          "missing; not applied (use --allow-incomplete to apply it anyway)");
    CHECK(f.count(Category::Pupil, State::Active) == 0);
    CHECK(f.store->list_sets(10)->empty());
}

AAFD_SAMPLES_TEST_CASE("aix-marseille 2013 imports when told to, with real values") {
    Fixture f;
    f.options.allow_incomplete = true;
    auto report = f.import({test::sample("aix-marseille-2013")});
    REQUIRE_FALSE(report.error);
    REQUIRE(report.sets.size() == 1);
    const SetReport& set = report.sets[0];
    CHECK(set.outcome == SetOutcome::Applied);
    CHECK(set.files == 46);
    CHECK(set.counts.at(Category::Structure).created == 10);
    CHECK(set.counts.at(Category::Subject).created == 718);
    CHECK(set.counts.at(Category::Mef).created == 2504);
    CHECK(set.counts.at(Category::Pupil).created == 642);
    CHECK(set.counts.at(Category::Staff).records == 701);
    CHECK(set.counts.at(Category::Relative).records == 9975);
    CHECK(f.count(Category::Pupil, State::Active) == 642);

    auto pupil = f.object("2605692", Category::Pupil);
    REQUIRE(pupil);
    CHECK(pupil->entity.first_name == "Kù");
    CHECK(pupil->entity.last_name == "Long");
    CHECK(pupil->entity.birth_date == "1995-09-14");
    CHECK(pupil->key.flow == Flow::Second);
    auto has = [&](const Link& link) {
        return std::find(pupil->entity.links.begin(), pupil->entity.links.end(), link) !=
               pupil->entity.links.end();
    };
    CHECK(has({LinkKind::Relative, "2867253", "2", "1"}));
    // Legal field 2 (a rank in this export), but listed in ENTEleveAutoriteParentale.
    CHECK(has({LinkKind::Relative, "2867254", "1", "1"}));
    CHECK(has({LinkKind::Class, "52006", "RUS1TERM", ""}));
    auto pupil_2605720 = f.object("2605720", Category::Pupil); // the example
    REQUIRE(pupil_2605720);
    CHECK(std::count(pupil_2605720->entity.links.begin(), pupil_2605720->entity.links.end(),
                     Link{LinkKind::Relative, "2866729", "1", "1"}) == 1);
    auto school = f.store->find_structures_by_uai("1004001V");
    REQUIRE(school->size() == 1);
    CHECK(school->front().entity.label == "Z.REMP-DIGNE-AIX_MARS.");
    auto relative = f.object("1986923", Category::Relative);
    REQUIRE(relative);
    CHECK(relative->entity.first_name == "Mélodie");

    SUBCASE("the same files again: a no-op that says so") {
        auto again = f.import({test::sample("aix-marseille-2013")});
        REQUIRE_FALSE(again.error);
        CHECK(again.sets[0].outcome == SetOutcome::AlreadyApplied);
        CHECK(again.sets[0].set_id == set.set_id);
        CHECK(f.store->list_sets(10)->size() == 1);
    }
}

AAFD_SAMPLES_TEST_CASE(
    "synthetic-2020: one pupil, a structure in ISO-8859-15, dangling references kept") {
    Fixture f;
    auto report = f.import({test::sample("synthetic-2020")});
    REQUIRE_FALSE(report.error);
    const SetReport& set = report.sets.at(0);
    CHECK(set.label == "2D Complet 2020-01-01");
    CHECK(set.warnings.at("structure references to objects not in the store (kept; resolved "
                          "when they arrive)") == 2); // structure 1000, class 3000$1AQUA
    auto pupil = f.object("2000000", Category::Pupil);
    REQUIRE(pupil);
    CHECK(pupil->entity.ine == "100000000AA");
    CHECK(pupil->entity.birth_date == "2000-01-01");
    auto school = f.store->find_structures_by_uai("0000000V");
    REQUIRE(school->size() == 1);
    CHECK(values_of(school->front().attributes, "ENTEtablissementMinistereTutelle") ==
          std::vector<std::string>{"MINISTERE DE L'EDUCATION NATIONALE"});
}

AAFD_SAMPLES_TEST_CASE(
    "synthetic-2024: day 2 has day 1's date, refused unless forced, then applied") {
    Fixture f;
    REQUIRE_FALSE(f.import({test::sample("synthetic-2024/day1")}).error);
    auto refused = f.import({test::sample("synthetic-2024/day2")});
    REQUIRE(refused.error);
    CHECK(refused.error->code == ErrorCode::StaleSet);
    f.options.force = true;
    auto forced = f.import({test::sample("synthetic-2024/day2")});
    REQUIRE_FALSE(forced.error);
    const auto& staff = forced.sets.at(0).counts.at(Category::Staff);
    CHECK(staff.created == 1);
    CHECK(staff.updated == 1);
    CHECK(staff.unchanged == 1);
    auto changed = f.object("314159", Category::Staff);
    CHECK(values_of(changed->attributes, "ENTPersonFonctions").front() ==
          "43$DIR$PRESTATIONS$D0011$ENTRETIEN");
}

TEST_CASE("a set missing a chunk is refused, the chunk named, and applied when allowed") {
    Fixture f;
    auto folder = full_set(f.dir.path(), "20250907", pupils(1, 2));
    test::write_export(folder, "ENT2DVA-ENT86", "Complet", "20250907", Category::Pupil,
                       pupils(3, 2), "0002");
    auto refused = f.import({folder});
    REQUIRE(refused.error);
    CHECK(refused.error->code == ErrorCode::IncompleteSet);
    CHECK(refused.error->message ==
          "set 2D Complet 2025-09-07 is incomplete: ENT2DVA-ENT86 Eleve: chunk 0001 missing; not "
          "applied (use --allow-incomplete to apply it anyway)");
    CHECK(f.count(Category::Pupil, State::Active) == 0);
    CHECK(f.store->list_sets(10)->empty());

    f.options.allow_incomplete = true;
    auto applied = f.import({folder});
    REQUIRE_FALSE(applied.error);
    CHECK(applied.sets.at(0).outcome == SetOutcome::Applied);
    CHECK(f.count(Category::Pupil, State::Active) == 4);
}

TEST_CASE("references to objects the store lacks are kept, and counted in a warning") {
    Fixture f;
    auto folder = full_set(f.dir.path(), "20250907",
                           {{"7",
                             {{"sn", {"NOM"}},
                              {"ENTPersonStructRattach", {"1000"}},
                              {"ENTEleveClasses", {"1$6A", "3000$1AQUA"}},
                              {"ENTElevePersRelEleve", {"8$10$1$1$1$1"}}}}});
    auto report = f.import({folder});
    REQUIRE_FALSE(report.error);
    CHECK(report.sets.at(0).warnings.at("structure references to objects not in the store (kept; "
                                        "resolved when they arrive)") == 2);
    auto pupil = f.object("7", Category::Pupil);
    REQUIRE(pupil);
    CHECK(pupil->entity.links == std::vector<Link>{{LinkKind::Structure, "1000", "", ""},
                                                   {LinkKind::Class, "1", "6A", ""},
                                                   {LinkKind::Class, "3000", "1AQUA", ""},
                                                   {LinkKind::Relative, "8", "10", "1"}});
}

TEST_CASE("a full set with the date of the last one is refused unless forced") {
    Fixture f;
    REQUIRE_FALSE(f.import({full_set(f.dir.path(), "20250907", pupils(1, 2))}).error);
    auto again = f.dir / "again";
    test::write_export(again, "ENT2DVA-ENT86", "Complet", "20250907", Category::Pupil,
                       pupils(1, 3, "5B"));
    auto refused = f.import({again});
    REQUIRE(refused.error);
    CHECK(refused.error->code == ErrorCode::StaleSet);
    CHECK(refused.error->message ==
          "set 2D Complet 2025-09-07 is not newer than the 2D Complet set of 2025-09-07 already "
          "applied (set #1); not applied (use --force to apply it anyway)");
    CHECK(f.count(Category::Pupil, State::Active) == 2);

    f.options.force = true;
    auto forced = f.import({again});
    REQUIRE_FALSE(forced.error);
    const auto& counts = forced.sets.at(0).counts.at(Category::Pupil);
    CHECK(counts.created == 1);
    CHECK(counts.updated == 2);
    CHECK(f.count(Category::Pupil, State::Active) == 3);
}

TEST_CASE("full sets: absence makes people disappear, presence restores them") {
    Fixture f;
    REQUIRE_FALSE(f.import({full_set(f.dir.path(), "20250907", pupils(1, 100))}).error);
    CHECK(f.count(Category::Pupil, State::Active) == 100);

    auto second = f.import({full_set(f.dir.path(), "20250908", pupils(3, 98, "5B"))});
    REQUIRE_FALSE(second.error);
    const auto& counts = second.sets.at(0).counts.at(Category::Pupil);
    CHECK(counts.updated == 98);
    CHECK(counts.disappeared == 2);
    auto gone = f.object("1", Category::Pupil);
    CHECK(gone->state == State::Disappeared);
    CHECK(gone->state_since == "2025-09-10");

    auto third = f.import({full_set(f.dir.path(), "20250909", pupils(1, 100, "5B"))});
    REQUIRE_FALSE(third.error);
    CHECK(third.sets.at(0).counts.at(Category::Pupil).restored == 2);
    CHECK(third.sets.at(0).counts.at(Category::Pupil).unchanged == 98);
    CHECK(f.object("1", Category::Pupil)->state == State::Active);
}

TEST_CASE("a full set without a category says nothing about that category") {
    Fixture f;
    auto folder = full_set(f.dir.path(), "20250907", pupils(1, 10));
    test::write_export(folder, "ENT2DVA-ENT86", "Complet", "20250907", Category::Relative,
                       {{"900", {{"sn", {"PARENT"}}}}});
    REQUIRE_FALSE(f.import({folder}).error);
    auto next = f.import({full_set(f.dir.path(), "20250908", pupils(1, 10))});
    REQUIRE_FALSE(next.error);
    CHECK(f.object("900", Category::Relative)->state == State::Active);
}

TEST_CASE("the deletion guard refuses a set whole, unless allowed") {
    Fixture f;
    REQUIRE_FALSE(f.import({full_set(f.dir.path(), "20250907", pupils(1, 1000))}).error);
    auto folder = full_set(f.dir.path(), "20250908", pupils(1, 900, "5B"));
    auto refused = f.import({folder});
    REQUIRE(refused.error);
    CHECK(refused.error->code == ErrorCode::Guard);
    CHECK(refused.error->message.find("would make 100 of 1000 Eleve disappear (10.0 %)") !=
          std::string::npos);
    CHECK(f.count(Category::Pupil, State::Active) == 1000);
    CHECK(f.object("5", Category::Pupil)->entity.links.back().code == "6A"); // no update kept
    f.options.allow_mass_deletion = true;
    REQUIRE_FALSE(f.import({folder}).error);
    CHECK(f.count(Category::Pupil, State::Disappeared) == 100);
}

TEST_CASE("the deletion guard counts a category only as far as it needs to pass") {
    Fixture f;
    REQUIRE_FALSE(f.import({full_set(f.dir.path(), "20250907", pupils(1, 2000))}).error);
    std::vector<TestRecord> leaving;
    for (int id = 1; id <= 60; ++id) // more than guard_min_count (50), 3 % (under 5 %)
        leaving.push_back({std::to_string(id), {}, "deleteRequest"});
    auto folder = f.dir / "delta";
    test::write_export(folder, "ENT2DVA-ENT86", "Delta", "20250908", Category::Pupil, leaving);
    test::FaultStore counting(*f.store, [](std::uint64_t) -> Result<void> { return {}; });
    ImportEngine engine(counting, f.options, k_now, f.progress);
    auto report = engine.run({folder});
    REQUIRE_FALSE(report.error);
    CHECK(f.count(Category::Pupil, State::Disappeared) == 60);
    // 60 vanishing pass the 5 % guard from 1,200 active on: the count stopped just past
    // that, not at the 1,940 pupils still active.
    CHECK(counting.largest_count() == 1201);
}

TEST_CASE("a malformed file in the middle of a set leaves nothing of the set") {
    Fixture f;
    auto folder = full_set(f.dir.path(), "20250907", pupils(1, 10));
    test::write_file(folder / "ENT2DVA-ENT86_Complet_20250907_PersEducNat_0000.xml",
                     "<ficAlimMENESR>\n<addRequest>\n<identifier><id>1</id></oops>\n"
                     "</addRequest>\n</ficAlimMENESR>\n");
    auto report = f.import({folder});
    REQUIRE(report.error);
    CHECK(report.error->code == ErrorCode::BadInput);
    CHECK(report.error->message.starts_with(
        (folder / "ENT2DVA-ENT86_Complet_20250907_PersEducNat_0000.xml").string() + ":3:"));
    CHECK(f.count(Category::Pupil, State::Active) == 0);
    CHECK(f.count(Category::Structure, State::Active) == 0);
    CHECK(f.store->list_sets(10)->empty());
    // The set began by dropping the key index, to build it at its end: rolled back too.
    CHECK(test::integrity_check((f.dir / "store.db").string()) == "ok|\n");
    CHECK(f.object("1", Category::Pupil) == std::nullopt); // a look-up by that index
    SUBCASE("and the next good set imports normally") {
        REQUIRE_FALSE(f.import({full_set(f.dir.path(), "20250908", pupils(1, 10))}).error);
        CHECK(f.count(Category::Pupil, State::Active) == 10);
    }
}

TEST_CASE("a delta: adds, modifications, deletions, the journal records them") {
    Fixture f;
    REQUIRE_FALSE(f.import({full_set(f.dir.path(), "20250907", pupils(1, 10))}).error);
    auto folder = f.dir / "delta";
    test::write_export(folder, "ENT2DVA-ENT86", "Delta", "20250908", Category::Pupil,
                       {{"11", {{"sn", {"NOUVEAU"}}}},
                        {"2", {{"ENTEleveClasses", {"1$5C"}}}, "modifyRequest"},
                        {"3", {}, "deleteRequest"}});
    auto report = f.import({folder});
    REQUIRE_FALSE(report.error);
    const auto& counts = report.sets.at(0).counts.at(Category::Pupil);
    CHECK(counts.created == 1);
    CHECK(counts.updated == 1);
    CHECK(counts.disappeared == 1);
    CHECK(f.count(Category::Pupil, State::Active) == 10);
    CHECK(f.object("2", Category::Pupil)->entity.last_name == "NOM2");
    CHECK(report.sets.at(0).sample ==
          std::vector<std::string>{"create Eleve 11", "update Eleve 2 [ENTEleveClasses]",
                                   "disappear Eleve 3 [deleteRequest]"});
    auto journal = f.store->journal_after(0, 1000);
    REQUIRE(journal->size() == 11 + 3);
    CHECK(journal->back().op == JournalOp::Disappear);
    CHECK(journal->back().key.id == "3");
    CHECK(journal->back().set_id == report.sets.at(0).set_id);
}

TEST_CASE("a dry run reports the changes and writes nothing") {
    Fixture f;
    f.options.dry_run = true;
    auto report = f.import({full_set(f.dir.path(), "20250907", pupils(1, 5))});
    REQUIRE_FALSE(report.error);
    CHECK(report.sets.at(0).outcome == SetOutcome::DryRun);
    CHECK(report.sets.at(0).counts.at(Category::Pupil).created == 5);
    CHECK(report.sets.at(0).sample.size() == 6);
    CHECK(f.count(Category::Pupil, State::Active) == 0);
    CHECK(f.store->list_sets(10)->empty());
    CHECK(f.store->journal_after(0, 10)->empty());
}

TEST_CASE("sets apply in date order, full before delta, and a refused set stops the run") {
    Fixture f;
    auto full = full_set(f.dir.path(), "20250907", pupils(1, 3));
    auto delta = f.dir / "delta";
    test::write_export(delta, "ENT2DVA-ENT86", "Delta", "20250908", Category::Pupil,
                       {{"1", {{"sn", {"CHANGÉ"}}}, "modifyRequest"}});
    auto report = f.import({delta, full});
    REQUIRE_FALSE(report.error);
    REQUIRE(report.sets.size() == 2);
    CHECK(report.sets[0].label == "2D Complet 2025-09-07");
    CHECK(report.sets[1].label == "2D Delta 2025-09-08");
    CHECK(f.object("1", Category::Pupil)->entity.last_name == "CHANGÉ");
}

TEST_CASE("inputs that do not exist, and files that are not exports") {
    Fixture f;
    auto missing = f.import({f.dir / "nowhere"});
    REQUIRE(missing.error);
    CHECK(missing.error->code == ErrorCode::NoInput);
    CHECK(missing.error->message == (f.dir / "nowhere").string() + ": no such file or folder");
    test::write_file(f.dir / "notes" / "README.txt", "hello");
    auto skipped = f.import({f.dir / "notes"});
    REQUIRE_FALSE(skipped.error);
    CHECK(skipped.skipped == std::vector<std::string>{(f.dir / "notes" / "README.txt").string()});
    CHECK(skipped.sets.empty());
}

TEST_CASE("archives: a .tgz is extracted and imported, a hostile entry name is refused") {
    Fixture f;
    auto folder = full_set(f.dir.path(), "20250907", pupils(1, 4));
    auto archive = f.dir / "ENT2DVA.20250907.tgz";
    std::string command = "tar -C " + folder.string() + " -czf " + archive.string() + " .";
    REQUIRE(std::system(command.c_str()) == 0);
    auto report = f.import({archive});
    REQUIRE_FALSE(report.error);
    CHECK(report.sets.at(0).counts.at(Category::Pupil).created == 4);
    CHECK(report.sets.at(0).label == "2D Complet 2025-09-07");

    auto hostile = f.dir / "hostile.tar";
    test::write_file(f.dir / "evil" / "x.xml", "<ficAlimMENESR/>");
    std::string make = "tar -C " + (f.dir / "evil").string() + " -cf " + hostile.string() +
                       " --transform 's|x.xml|../x.xml|' x.xml";
    REQUIRE(std::system(make.c_str()) == 0);
    auto refused = f.import({hostile});
    REQUIRE(refused.error);
    CHECK(refused.error->code == ErrorCode::BadInput);
    CHECK(refused.error->message == hostile.string() +
                                        "/../x.xml: entry name could escape the extraction "
                                        "folder; archive refused");
}

TEST_CASE("archives: link members are not extracted and are listed as skipped") {
    Fixture f;
    auto folder = full_set(f.dir.path(), "20250907", pupils(1, 4));
    std::filesystem::create_symlink("/etc/passwd", folder / "symbolic");
    std::filesystem::create_hard_link(folder / "ENT2DVA-ENT86_Complet_20250907_Eleve_0000.xml",
                                      folder / "hard");
    auto archive = f.dir / "ENT2DVA.20250907.tgz";
    std::string command = "tar -C " + folder.string() + " -czf " + archive.string() +
                          " ENT2DVA-ENT86_Complet_20250907_Eleve_0000.xml hard symbolic";
    REQUIRE(std::system(command.c_str()) == 0);
    auto report = f.import({archive});
    REQUIRE_FALSE(report.error);
    CHECK(report.sets.at(0).counts.at(Category::Pupil).created == 4);
    CHECK(report.skipped ==
          std::vector<std::string>{
              archive.string() + "/hard (a link or special file: not extracted)",
              archive.string() + "/symbolic (a link or special file: not extracted)"});
}

TEST_CASE("a first set indexed at its end: an id met again in a later file updates the first") {
    Fixture f;
    auto folder = full_set(f.dir.path(), "20250907", pupils(1, 10));
    auto again = pupils(5, 1, "5B");
    test::write_export(folder, "ENT2DVA-ENT86", "Complet", "20250907", Category::Pupil, again,
                       "0001");
    auto report = f.import({folder});
    REQUIRE_FALSE(report.error);
    REQUIRE(report.sets.size() == 1);
    CHECK(report.sets[0].writing.indexed_at_end);
    const auto& counts = report.sets[0].counts.at(Category::Pupil);
    CHECK(counts.records == 11);
    CHECK(counts.created == 10);
    CHECK(counts.updated == 1);
    const std::string second = (folder / "ENT2DVA-ENT86_Complet_20250907_Eleve_0001.xml").string();
    const auto& warnings = report.sets[0].warnings;
    CHECK(std::count_if(warnings.begin(), warnings.end(), [&](const auto& warning) {
              return warning.first.starts_with(second + ":") &&
                     warning.first.ends_with(
                         ": Eleve 5: met again in the set (the later one wins)");
          }) == 1);
    auto pupil = f.object("5", Category::Pupil);
    REQUIRE(pupil);
    REQUIRE(pupil->entity.links.size() >= 1);
    CHECK(values_of(pupil->attributes, "ENTEleveClasses") == std::vector<std::string>{"1$5B"});
    CHECK(test::integrity_check((f.dir / "store.db").string()) == "ok|\n");
    SUBCASE("the next set finds every object by its key again") {
        auto next = f.import({full_set(f.dir.path(), "20250914", pupils(1, 10))}, k_now + days{4});
        REQUIRE_FALSE(next.error);
        CHECK_FALSE(next.sets[0].writing.indexed_at_end);
        CHECK(next.sets[0].counts.at(Category::Pupil).unchanged == 9);
        CHECK(next.sets[0].counts.at(Category::Pupil).updated == 1);
        CHECK(f.count(Category::Pupil, State::Active) == 10);
    }
}

namespace {

// Asks the import to stop at its first progress report: after the first block's writes.
class StopAtFirstBlock final : public ProgressListener {
public:
    explicit StopAtFirstBlock(std::atomic<bool>& stop) : m_stop(stop) {}
    void on_progress(const ProgressUpdate&) override { m_stop = true; }

private:
    std::atomic<bool>& m_stop;
};

} // namespace

TEST_CASE("a stop asked in the middle of a set rolls the set back and names where") {
    Fixture f;
    std::atomic<bool> stop = false;
    StopAtFirstBlock stopper(stop);
    f.options.stop = &stop;
    f.options.read.block_size = 512;
    auto folder = full_set(f.dir.path(), "20250907", pupils(1, 40));
    auto report = ImportEngine(*f.store, f.options, k_now, stopper).run({folder});
    REQUIRE(report.error);
    CHECK(report.error->code == ErrorCode::Interrupted);
    CHECK_MESSAGE(report.error->message.find("import interrupted in ") != std::string::npos,
                  report.error->message);
    CHECK(report.error->message.find("rolled back") != std::string::npos);
    REQUIRE(report.sets.size() == 1);
    CHECK(report.sets[0].outcome == SetOutcome::Failed);
    CHECK(f.count(Category::Structure, State::Active) == 0);
    CHECK(f.count(Category::Pupil, State::Active) == 0);
    CHECK(f.store->list_sets(10)->empty());
    CHECK(test::integrity_check((f.dir / "store.db").string()) == "ok|\n");
    SUBCASE("asked before a set, no set begins; the next run imports normally") {
        stop = false;
        auto again = f.import({folder});
        REQUIRE_FALSE(again.error);
        CHECK(f.count(Category::Pupil, State::Active) == 40);
        stop = true;
        auto stopped = ImportEngine(*f.store, f.options, k_now, f.progress)
                           .run({full_set(f.dir.path(), "20250908", pupils(1, 40))});
        REQUIRE(stopped.error);
        CHECK(stopped.error->code == ErrorCode::Interrupted);
        CHECK(stopped.error->message == "import interrupted before set " + stopped.sets[0].label);
        CHECK(f.store->list_sets(10)->size() == 1);
    }
}

namespace {

const system_clock::time_point k_later = sys_days{year{2025} / September / 20} + hours{2};

bool in_class(const StoredObject& pupil, const std::string& code) {
    Link link{LinkKind::Class, "1", code, ""};
    return std::find(pupil.entity.links.begin(), pupil.entity.links.end(), link) !=
           pupil.entity.links.end();
}

// Imports `set` through the store at `f`, where another connection to the same file
// imports `first` (to its commit) once this import has judged nothing yet but asks for the
// write lock: the moment two imports started together meet.
ImportReport import_meeting(Fixture& f, const std::filesystem::path& first,
                            const std::filesystem::path& set) {
    auto other = open_sqlite_store((f.dir / "store.db").string());
    REQUIRE(other);
    bool met = false;
    test::FaultStore meeting(*f.store, [&](std::uint64_t) -> Result<void> {
        if (std::exchange(met, true))
            return {};
        ImportEngine engine(**other, f.options, k_later, f.progress);
        auto report = engine.run({first});
        if (report.error)
            return std::unexpected(*report.error);
        return {};
    });
    ImportEngine engine(meeting, f.options, k_later, f.progress);
    auto report = engine.run({set});
    CHECK(met);
    return report;
}

} // namespace

TEST_CASE("two imports at once: the second is judged against what the first applied") {
    Fixture f;
    REQUIRE_FALSE(
        f.import({full_set(f.dir.path(), "20250907", pupils(1, 3, "6A"))}, k_later).error);
    auto newer = full_set(f.dir / "newer", "20250914", pupils(1, 3, "5B"));

    SUBCASE("an older set than the one applied meanwhile is refused") {
        auto older = full_set(f.dir / "older", "20250910", pupils(1, 3, "4C"));
        auto report = import_meeting(f, newer, older);
        REQUIRE(report.error);
        CHECK(report.error->code == ErrorCode::StaleSet);
        CHECK(report.error->message ==
              "set 2D Complet 2025-09-10 is not newer than the 2D Complet set of 2025-09-14 "
              "already applied (set #2); not applied (use --force to apply it anyway)");
        CHECK(report.sets.at(0).outcome == SetOutcome::Failed);
        CHECK(in_class(*f.object("1", Category::Pupil), "5B"));
        CHECK(f.store->list_sets(10)->size() == 2);
    }
    SUBCASE("the same set is applied once") {
        auto report = import_meeting(f, newer, newer);
        REQUIRE_FALSE(report.error);
        CHECK(report.sets.at(0).outcome == SetOutcome::AlreadyApplied);
        CHECK(report.sets.at(0).set_id == 2);
        CHECK(f.store->list_sets(10)->size() == 2);
    }
}

TEST_CASE("a set dated more than max_future_days after today is refused") {
    Fixture f;
    auto future = full_set(f.dir.path(), "20250913", pupils(1, 2));
    auto report = f.import({future});
    REQUIRE(report.error);
    CHECK(report.error->code == ErrorCode::BadInput);
    CHECK(report.error->message ==
          (future / "ENT2DVA-ENT86_Complet_20250913_EtabEducNat_0000.xml").string() +
              ": set 2D Complet 2025-09-13 is dated 2025-09-13, 3 days after today (more than "
              "[import] max_future_days = 2); not applied");
    CHECK(f.store->list_sets(10)->empty());
    auto allowed = full_set(f.dir / "allowed", "20250912", pupils(1, 2));
    CHECK_FALSE(f.import({allowed}).error);
}

namespace {

// Records the sets it is given, and fails from the `fail_from`-th record on.
class TestRecorder final : public SetRecorder {
public:
    explicit TestRecorder(std::size_t fail_from) : m_fail_from(fail_from) {}
    Result<void> record(const SetReport& set, const std::optional<Error>&) override {
        if (++m_calls >= m_fail_from)
            return fail(ErrorCode::Io, "audit trail not writable");
        recorded.push_back(set.label + " " + std::string(set_outcome_name(set.outcome)));
        return {};
    }
    std::vector<std::string> recorded;

private:
    std::size_t m_fail_from;
    std::size_t m_calls = 0;
};

} // namespace

TEST_CASE("the import stops at the first set it cannot record, before applying it") {
    Fixture f;
    auto full = full_set(f.dir.path(), "20250907", pupils(1, 3));
    auto delta = f.dir / "delta";
    test::write_export(delta, "ENT2DVA-ENT86", "Delta", "20250908", Category::Pupil,
                       {{"1", {{"sn", {"CHANGÉ"}}}, "modifyRequest"}});
    TestRecorder recorder(2);
    f.options.recorder = &recorder;
    auto report = f.import({full, delta});
    REQUIRE(report.error);
    CHECK(report.error->code == ErrorCode::Io);
    CHECK(report.error->message == "set 2D Delta 2025-09-08 not applied: its audit record "
                                   "cannot be written: audit trail not writable");
    CHECK(recorder.recorded == std::vector<std::string>{"2D Complet 2025-09-07 applied"});
    REQUIRE(report.sets.size() == 2);
    CHECK(report.sets[1].outcome == SetOutcome::Failed);
    CHECK(f.store->list_sets(10)->size() == 1);
    CHECK(f.object("1", Category::Pupil)->entity.last_name == "NOM1");
}
