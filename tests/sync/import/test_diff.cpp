// Specification of the pure diff (sync/import/diff.hpp), against an in-memory snapshot.
#include <map>

#include <doctest/doctest.h>

#include "sync/import/diff.hpp"
#include "tests/sync/record_builder.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

class MemorySnapshot final : public StoreSnapshot {
public:
    void put(const std::string& id, Category category, const Attributes& attributes,
             State state = State::Active) {
        std::int64_t rowid = static_cast<std::int64_t>(m_rows.size()) + 1;
        m_rows[{category, id}] = {rowid, attributes_hash(attributes), state};
        m_attributes[rowid] = attributes;
    }
    Result<std::optional<StoredDigest>> find(const ObjectKey& key) override {
        auto it = m_rows.find({key.category, key.id});
        if (it == m_rows.end())
            return std::optional<StoredDigest>{};
        return std::optional<StoredDigest>{it->second};
    }
    Result<Attributes> load_attributes(std::int64_t rowid) override {
        ++loads;
        return m_attributes.at(rowid);
    }
    int loads = 0;

private:
    std::map<std::pair<Category, std::string>, StoredDigest> m_rows;
    std::map<std::int64_t, Attributes> m_attributes;
};

std::vector<std::string> lines(const ChangeSet& changes) {
    std::vector<std::string> out;
    for (const auto& change : changes.changes)
        out.push_back(describe(change));
    return out;
}

const DiffContext k_full{"poitiers", Flow::Second, SetKind::Full};
const DiffContext k_delta{"poitiers", Flow::Second, SetKind::Delta};

} // namespace

TEST_CASE("a full set against an empty store creates everything") {
    MemorySnapshot snapshot;
    test::RecordBuilder records;
    records.add(Category::Pupil, "1", {{"sn", {"A"}}});
    records.add(Category::Pupil, "2", {{"sn", {"B"}}});
    auto changes = diff_block(snapshot, records.records(), k_full);
    REQUIRE(changes);
    CHECK(lines(*changes) == std::vector<std::string>{"create Eleve 1", "create Eleve 2"});
    CHECK(changes->counts[Category::Pupil].created == 2);
    CHECK(changes->counts[Category::Pupil].records == 2);
    CHECK(changes->changes[0].key == ObjectKey{"poitiers", Flow::Second, Category::Pupil, "1"});
}

TEST_CASE("an unchanged record is seen, not changed, and its attributes are not read") {
    MemorySnapshot snapshot;
    snapshot.put("1", Category::Pupil, {{"ENTPersonJointure", {"1"}}, {"sn", {"A"}}});
    test::RecordBuilder records;
    records.add(Category::Pupil, "1", {{"sn", {"A"}}, {"givenName", {""}}});
    auto changes = diff_block(snapshot, records.records(), k_full);
    REQUIRE(changes);
    CHECK(changes->changes.empty());
    CHECK(changes->unchanged == std::vector<std::int64_t>{1});
    CHECK(changes->counts[Category::Pupil].unchanged == 1);
    CHECK(snapshot.loads == 0);
}

TEST_CASE("a changed record is an update naming the changed attributes") {
    MemorySnapshot snapshot;
    snapshot.put("1", Category::Pupil,
                 {{"ENTEleveClasses", {"9$6A"}}, {"ENTPersonJointure", {"1"}}, {"sn", {"A"}}});
    test::RecordBuilder records;
    records.add(Category::Pupil, "1", {{"sn", {"A"}}, {"ENTEleveClasses", {"9$5A"}}});
    auto changes = diff_block(snapshot, records.records(), k_full);
    REQUIRE(changes);
    CHECK(lines(*changes) == std::vector<std::string>{"update Eleve 1 [ENTEleveClasses]"});
    CHECK(changes->changes[0].rowid == 1);
}

TEST_CASE("a disappeared person who comes back is restored") {
    MemorySnapshot snapshot;
    snapshot.put("1", Category::Pupil, {{"ENTPersonJointure", {"1"}}, {"sn", {"A"}}},
                 State::Disappeared);
    test::RecordBuilder records;
    records.add(Category::Pupil, "1", {{"sn", {"A"}}});
    auto changes = diff_block(snapshot, records.records(), k_full);
    REQUIRE(changes);
    CHECK(lines(*changes) == std::vector<std::string>{"restore Eleve 1"});
    CHECK(changes->counts[Category::Pupil].restored == 1);
}

TEST_CASE("delta requests") {
    MemorySnapshot snapshot;
    snapshot.put("1", Category::Pupil,
                 {{"ENTPersonJointure", {"1"}}, {"givenName", {"Léa"}}, {"sn", {"A"}}});
    test::RecordBuilder records;

    SUBCASE("modify replaces the listed attributes only") {
        records.modify(Category::Pupil, "1", {{"sn", {"B"}}});
        auto changes = diff_block(snapshot, records.records(), k_delta);
        REQUIRE(changes);
        REQUIRE(changes->changes.size() == 1);
        CHECK(describe(changes->changes[0]) == "update Eleve 1 [sn]");
        CHECK(changes->changes[0].attributes ==
              Attributes{{"ENTPersonJointure", {"1"}}, {"givenName", {"Léa"}}, {"sn", {"B"}}});
    }
    SUBCASE("modify that changes nothing is unchanged") {
        records.modify(Category::Pupil, "1", {{"sn", {"A"}}});
        auto changes = diff_block(snapshot, records.records(), k_delta);
        REQUIRE(changes);
        CHECK(changes->changes.empty());
        CHECK(changes->counts[Category::Pupil].unchanged == 1);
    }
    SUBCASE("modify of an unknown id is an upsert, and said so") {
        records.modify(Category::Pupil, "9", {{"sn", {"Z"}}});
        auto changes = diff_block(snapshot, records.records(), k_delta);
        REQUIRE(changes);
        CHECK(lines(*changes) == std::vector<std::string>{"create Eleve 9 (upsert)"});
        CHECK(changes->counts[Category::Pupil].upserts == 1);
    }
    SUBCASE("add of a known id is an upsert") {
        records.add(Category::Pupil, "1", {{"sn", {"C"}}});
        auto changes = diff_block(snapshot, records.records(), k_delta);
        REQUIRE(changes);
        CHECK(lines(*changes) ==
              std::vector<std::string>{"update Eleve 1 [givenName, sn] (upsert)"});
    }
    SUBCASE("delete makes the person disappear") {
        records.remove(Category::Pupil, "1");
        auto changes = diff_block(snapshot, records.records(), k_delta);
        REQUIRE(changes);
        CHECK(lines(*changes) == std::vector<std::string>{"disappear Eleve 1 [deleteRequest]"});
        CHECK(changes->counts[Category::Pupil].disappeared == 1);
    }
    SUBCASE("delete of an unknown id is a warning, not an error") {
        records.remove(Category::Pupil, "9");
        auto changes = diff_block(snapshot, records.records(), k_delta);
        REQUIRE(changes);
        CHECK(changes->changes.empty());
        CHECK(changes->warnings.at(
                  "deleteRequest for an id unknown to the store in Eleve (ignored)") == 1);
    }
}

TEST_CASE("a key met twice in a block: one change, the later content, a warning") {
    MemorySnapshot snapshot;
    test::RecordBuilder records;
    records.add(Category::Pupil, "1", {{"sn", {"A"}}});
    records.add(Category::Pupil, "1", {{"sn", {"B"}}});
    DiffContext context = k_full;
    context.file = "f.xml";
    auto changes = diff_block(snapshot, records.records(), context);
    REQUIRE(changes);
    REQUIRE(changes->changes.size() == 1);
    CHECK(changes->changes[0].op == ChangeOp::Create);
    CHECK(changes->changes[0].attributes.back() == AttributeValues{"sn", {"B"}});
    CHECK(changes->warnings.count("f.xml:2: Eleve 1: met again in the set (the later one wins)") ==
          1);
}

TEST_CASE("a key an earlier block of the set met, and a birth date that is not a date: "
          "warned with file, line and id, never the value") {
    MemorySnapshot snapshot;
    snapshot.put("1", Category::Pupil, {{"sn", {"A"}}}); // applied by an earlier block
    SeenSet seen;
    seen.mark(1);
    test::RecordBuilder later;
    later.add(Category::Pupil, "2", {{"ENTPersonDateNaissance", {"", "31/02/2010"}}});
    later.add(Category::Pupil, "1", {{"sn", {"B"}}});
    DiffContext context = k_full;
    context.file = "f.xml";
    context.seen = &seen;
    auto changes = diff_block(snapshot, later.records(), context);
    REQUIRE(changes);
    CHECK(changes->warnings.count(
              "f.xml:1: Eleve 2: birth date not a JJ/MM/AAAA date (stored empty)") == 1);
    CHECK(changes->warnings.count("f.xml:2: Eleve 1: met again in the set (the later one wins)") ==
          1);
    for (const auto& [message, count] : changes->warnings)
        CHECK(message.find("2010") == std::string::npos);
}

TEST_CASE("unknown attributes are kept and counted as warnings") {
    MemorySnapshot snapshot;
    test::RecordBuilder records;
    records.add(Category::Pupil, "1", {{"sn", {"A"}}, {"ENTEleveNouveau", {"x"}}});
    records.add(Category::Pupil, "2", {{"sn", {"B"}}, {"ENTEleveNouveau", {"y"}}});
    auto changes = diff_block(snapshot, records.records(), k_full);
    REQUIRE(changes);
    CHECK(changes->warnings.at("unknown attribute ENTEleveNouveau in Eleve (kept)") == 2);
    CHECK(changes->changes[0].attributes.front() == AttributeValues{"ENTEleveNouveau", {"x"}});
}

TEST_CASE("absences: every active object not seen disappears") {
    SeenSet seen;
    seen.mark(1);
    seen.mark(3);
    std::vector<ActiveObject> active{{1, "a"}, {2, "b"}, {3, "c"}, {100000, "d"}};
    auto changes = diff_absences("poitiers", Flow::First, Category::Relative, active, seen);
    CHECK(lines(changes) == std::vector<std::string>{"disappear PersRelEleve b [absent]",
                                                     "disappear PersRelEleve d [absent]"});
    CHECK(changes.counts[Category::Relative].disappeared == 2);
    CHECK_FALSE(seen.contains(2));
    CHECK_FALSE(seen.contains(-1 + 1));
}

TEST_CASE("records prepared ahead give the same changes, with their JSON and entity made") {
    MemorySnapshot snapshot;
    snapshot.put("1", Category::Pupil, {{"ENTPersonJointure", {"1"}}, {"sn", {"A"}}});
    snapshot.put("2", Category::Pupil, {{"ENTPersonJointure", {"2"}}, {"sn", {"B"}}});
    snapshot.put("3", Category::Pupil, {{"ENTPersonJointure", {"3"}}, {"sn", {"C"}}});
    test::RecordBuilder records;
    records.add(Category::Pupil, "1", {{"sn", {"A"}}});                                // unchanged
    records.add(Category::Pupil, "2", {{"sn", {"BB"}}, {"givenName", {"Léa"}}});       // update
    records.add(Category::Pupil, "4", {{"sn", {"D"}}, {"ENTEleveClasses", {"9$6A"}}}); // create
    records.modify(Category::Pupil, "3", {{"sn", {"CC"}}}); // not prepared
    records.remove(Category::Pupil, "1");                   // not prepared either

    auto plain = diff_block(snapshot, records.records(), k_delta);
    auto prepared = prepare_records(records.records());
    REQUIRE(prepared.size() == 5);
    CHECK(prepared[0].ready);
    CHECK_FALSE(prepared[3].ready);
    CHECK_FALSE(prepared[4].ready);
    CHECK(prepared[0].hash == canonical_hash(records.records()[0].attributes));
    auto ahead = diff_block(snapshot, records.records(), k_delta, prepared);
    REQUIRE(plain);
    REQUIRE(ahead);
    CHECK(lines(*ahead) == lines(*plain));
    CHECK(ahead->unchanged == plain->unchanged);
    CHECK(ahead->counts == plain->counts);
    REQUIRE(ahead->changes.size() == 4);
    for (std::size_t i = 0; i < ahead->changes.size(); ++i) {
        const Change& made = ahead->changes[i];
        const Change& reference = plain->changes[i];
        CAPTURE(describe(made));
        CHECK(made.attributes == reference.attributes);
        CHECK(made.hash == reference.hash);
        CHECK(made.fields == reference.fields);
        CHECK(reference.json.empty());
        CHECK_FALSE(reference.entity);
        if (made.key.id == "3" || made.op == ChangeOp::Disappear) { // not from an add
            CHECK(made.json.empty());
            CHECK_FALSE(made.entity);
            continue;
        }
        CHECK(made.json == attributes_to_json(made.attributes));
        REQUIRE(made.entity);
        CHECK(*made.entity == interpret(Category::Pupil, made.attributes));
    }

    SUBCASE("a prepared list that does not match the block is refused") {
        prepared.pop_back();
        auto refused = diff_block(snapshot, records.records(), k_delta, prepared);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == ErrorCode::Internal);
    }
}
