// The AccountStore contract: every implementation must pass these. Written against the
// interfaces only: the objects the accounts name are written through the Store port, the
// rest through the AccountStore port. Run on SQLite on a temp file (SqliteAccountStore has
// a connection of its own to the store's file: no ":memory:" store to share).
#include <algorithm>
#include <map>

#include <doctest/doctest.h>

#include "sync/store/sqlite_account_store.hpp"
#include "sync/store/sqlite_store.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

ObjectKey key_of(Category category, const std::string& id) {
    return {"test", Flow::Second, category, id};
}

// Two schools; a pupil of S1 with a legal representative R1 and a person in charge R2; a
// teacher of S1; a pupil of S2. rowids by id.
std::map<std::string, std::int64_t> seed(Store& store) {
    const std::vector<std::pair<ObjectKey, Attributes>> objects{
        {key_of(Category::Structure, "S1"),
         {{"ENTStructureUAI", {"0000001A"}},
          {"ENTStructureNomCourant", {"ECOLE S1"}},
          {"ENTStructureClasses", {"6A$6EME A"}}}},
        {key_of(Category::Structure, "S2"), {{"ENTStructureUAI", {"0000002B"}}}},
        {key_of(Category::Pupil, "P1"),
         {{"sn", {"MARTIN"}},
          {"givenName", {"Marie"}},
          {"ENTPersonStructRattach", {"S1"}},
          {"ENTEleveClasses", {"S1$6A"}},
          {"ENTElevePersRelEleve", {"R1$10$1$1$1$1", "R2$20$1$2$1$1"}}}},
        {key_of(Category::Relative, "R1"), {{"sn", {"MARTIN"}}, {"givenName", {"Paul"}}}},
        {key_of(Category::Relative, "R2"), {{"sn", {"NUNEZ"}}, {"givenName", {"Ana"}}}},
        {key_of(Category::Staff, "T1"),
         {{"sn", {"DUPONT"}},
          {"givenName", {"Jean"}},
          {"ENTPersonFonctions", {"S1$ENS$ENSEIGNEMENT$L0201"}}}},
        {key_of(Category::Pupil, "P3"), {{"sn", {"DURAND"}}, {"ENTPersonStructRattach", {"S2"}}}},
    };
    std::map<std::string, std::int64_t> rowids;
    REQUIRE(store.begin());
    for (auto [key, attributes] : objects) {
        std::sort(attributes.begin(), attributes.end(), // canonical: sorted by name
                  [](const auto& a, const auto& b) { return a.name < b.name; });
        Entity entity = interpret(key.category, attributes);
        auto rowid = store.insert_object(key, {attributes_hash(attributes), attributes, entity, 1});
        REQUIRE(rowid);
        rowids[key.id] = *rowid;
    }
    REQUIRE(store.commit());
    return rowids;
}

void set_deleted(Store& store, std::int64_t rowid, const std::string& since) {
    REQUIRE(store.begin());
    REQUIRE(store.set_state(rowid, State::Deleted, since));
    REQUIRE(store.commit());
}

Account account_of(std::int64_t object, const std::string& login) {
    return {object, login, "CODE-" + login, "2025-09-07T03:00:00Z", "2025-09-07T03:00:00Z"};
}

Membership membership(const std::string& provider, std::int64_t object, MemberState state,
                      std::int64_t seq, const std::string& op) {
    return {provider, object, state, 0, "", seq, op, "at" + std::to_string(seq)};
}

FeedBatch batch(const std::string& provider, FeedBatchKind kind, std::int64_t first,
                std::int64_t last) {
    return {0,      provider, kind, first, last, provider + std::to_string(last) + ".jsonl",
            "ab12", 2,        "t",  ""};
}

template <class T>
std::vector<T> sorted(std::vector<T> items) {
    std::sort(items.begin(), items.end());
    return items;
}

void accounts_contract(AccountStore& a, Store& objects, std::map<std::string, std::int64_t> id) {
    SUBCASE("active people without an account are to provision, structures are not") {
        auto people = a.unprovisioned_people();
        REQUIRE(people);
        REQUIRE(people->size() == 5);
        CHECK(people->front().object == id["P1"]);
        CHECK(people->front().key == key_of(Category::Pupil, "P1"));
        CHECK(people->front().first_name == "Marie");
        CHECK(people->front().last_name == "MARTIN");
        REQUIRE(a.insert_account(account_of(id["P1"], "marie.martin")));
        CHECK(a.unprovisioned_people()->size() == 4);
        set_deleted(objects, id["R1"], "2025-01-01");
        CHECK(a.unprovisioned_people()->size() == 3);
    }
    SUBCASE("an account is read back by object and by key; its login is taken") {
        REQUIRE(a.insert_account(account_of(id["P1"], "marie.martin")));
        auto read = a.account(id["P1"]);
        REQUIRE(read);
        REQUIRE(*read);
        CHECK((*read)->login == "marie.martin");
        CHECK((*read)->activation_code == "CODE-marie.martin");
        CHECK((*read)->code_drawn_at == "2025-09-07T03:00:00Z");
        CHECK((*read)->created_at == "2025-09-07T03:00:00Z");
        CHECK_FALSE(*a.account(id["R1"]));
        CHECK(*a.login_taken("marie.martin"));
        CHECK_FALSE(*a.login_taken("marie.martin2"));
        CHECK(a.login_of(key_of(Category::Pupil, "P1"))->value_or("") == "marie.martin");
        CHECK_FALSE(*a.login_of(key_of(Category::Relative, "R1")));
        CHECK(*a.count_accounts() == 1);
    }
    SUBCASE("a login is given once") {
        REQUIRE(a.insert_account(account_of(id["P1"], "marie.martin")));
        CHECK_FALSE(a.insert_account(account_of(id["R1"], "marie.martin")));
        CHECK(*a.count_accounts() == 1);
    }
    SUBCASE("accounts written together; a login given twice fails the write") {
        std::vector<Account> accounts{account_of(id["P1"], "marie.martin"),
                                      account_of(id["R1"], "paul.martin"),
                                      account_of(id["T1"], "jean.dupont")};
        REQUIRE(a.insert_accounts(accounts));
        CHECK(*a.count_accounts() == 3);
        CHECK((*a.account(id["R1"]))->login == "paul.martin");
        std::vector<Account> twice{account_of(id["R2"], "ana.nunez"),
                                   account_of(id["P3"], "ana.nunez")};
        CHECK_FALSE(a.insert_accounts(twice));
        CHECK_FALSE(*a.login_taken("ana.nunez2"));
    }
    SUBCASE("a new activation code replaces the old one, with when it was drawn") {
        REQUIRE(a.insert_account(account_of(id["P1"], "marie.martin")));
        REQUIRE(a.set_activation_code(id["P1"], "NEWCODE", "2025-10-01T08:00:00Z"));
        auto read = a.account(id["P1"]);
        CHECK((*read)->activation_code == "NEWCODE");
        CHECK((*read)->code_drawn_at == "2025-10-01T08:00:00Z");
        CHECK((*read)->created_at == "2025-09-07T03:00:00Z");
    }
}

void objects_contract(AccountStore& a, Store& objects, std::map<std::string, std::int64_t> id) {
    SUBCASE("objects by rowid and by id, and their state") {
        auto pupil = a.object(id["P1"]);
        REQUIRE(pupil);
        REQUIRE(*pupil);
        CHECK((*pupil)->key == key_of(Category::Pupil, "P1"));
        CHECK((*pupil)->entity.first_name == "Marie");
        CHECK_FALSE(*a.object(id["P3"] + 100));
        CHECK(a.object_state(id["P1"])->value() == State::Active);
        CHECK_FALSE(*a.object_state(id["P3"] + 100));
        auto same_id = a.objects_with_id("test", Category::Pupil, "P1");
        REQUIRE(same_id->size() == 1);
        CHECK(same_id->front().rowid == id["P1"]);
        CHECK(a.objects_with_id("test", Category::Relative, "P1")->empty());
        CHECK(a.objects_with_id("other", Category::Pupil, "P1")->empty());
        set_deleted(objects, id["P1"], "2025-01-01");
        CHECK(a.object_state(id["P1"])->value() == State::Deleted);
    }
    SUBCASE("people with their accounts, in the order asked, read by one forward walk") {
        REQUIRE(a.insert_account(account_of(id["P1"], "marie.martin")));
        std::int64_t missing = id["P3"] + 1000;
        std::vector<std::int64_t> asked{id["T1"], id["P1"], missing, id["P1"], id["S1"]};
        std::vector<std::pair<std::int64_t, std::optional<PersonRow>>> seen;
        REQUIRE(a.for_each_person(asked, [&](std::int64_t rowid, const auto& person) {
            seen.emplace_back(rowid, person);
            return Result<void>{};
        }));
        REQUIRE(seen.size() == asked.size());
        for (std::size_t i = 0; i < asked.size(); ++i)
            CHECK(seen[i].first == asked[i]);
        REQUIRE(seen[0].second);
        CHECK(seen[0].second->object.key == key_of(Category::Staff, "T1"));
        CHECK_FALSE(seen[0].second->account);
        REQUIRE(seen[1].second);
        CHECK(seen[1].second->object.rowid == id["P1"]);
        CHECK(seen[1].second->object.entity.first_name == "Marie");
        const auto& links = seen[1].second->object.entity.links;
        CHECK(std::any_of(links.begin(), links.end(), [](const Link& link) {
            return link.kind == LinkKind::Relative && link.target == "R1";
        }));
        REQUIRE(seen[1].second->account);
        CHECK(seen[1].second->account->object == id["P1"]);
        CHECK(seen[1].second->account->login == "marie.martin");
        CHECK(seen[1].second->account->activation_code == "CODE-marie.martin");
        CHECK_FALSE(seen[2].second);
        REQUIRE(seen[3].second); // asked again, behind the cursor
        CHECK(seen[3].second->account->login == "marie.martin");
        REQUIRE(seen[4].second);
        CHECK(seen[4].second->object.entity.uai == "0000001A");
    }
    SUBCASE("active pupils by id, with their logins") {
        REQUIRE(a.insert_account(account_of(id["P1"], "marie.martin")));
        auto found = a.active_pupils_with_id("test", "P1");
        REQUIRE(found);
        REQUIRE(found->size() == 1);
        CHECK(found->front().object == id["P1"]);
        CHECK(found->front().id == "P1");
        CHECK(found->front().login == "marie.martin");
        CHECK(a.active_pupils_with_id("test", "P3")->front().login.empty());
        CHECK(a.active_pupils_with_id("test", "R1")->empty()); // a relative, not a pupil
        set_deleted(objects, id["P3"], "2025-01-01");
        CHECK(a.active_pupils_with_id("test", "P3")->empty());
    }
    SUBCASE("a person walk stops at the visitor's first error") {
        std::vector<std::int64_t> asked{id["P1"], id["R1"], id["R2"]};
        int visits = 0;
        auto walked = a.for_each_person(asked, [&](std::int64_t, const auto&) -> Result<void> {
            if (++visits == 2)
                return fail(ErrorCode::Internal, "enough");
            return {};
        });
        REQUIRE_FALSE(walked);
        CHECK(walked.error().message.find("enough") != std::string::npos);
        CHECK(visits == 2);
    }
    SUBCASE("states of many objects, read by one forward walk") {
        set_deleted(objects, id["R1"], "2025-01-01");
        std::int64_t missing = id["P3"] + 1000;
        std::vector<std::int64_t> asked{id["P1"], id["R1"], id["R2"], missing};
        std::vector<std::optional<State>> states;
        REQUIRE(a.for_each_state(asked, [&](std::int64_t, std::optional<State> state) {
            states.push_back(state);
            return Result<void>{};
        }));
        CHECK(states == std::vector<std::optional<State>>{State::Active, State::Deleted,
                                                          State::Active, std::nullopt});
    }
    SUBCASE("structures by UAI and by source, deleted ones left out") {
        auto s1 = a.structures_with_uai({"0000001A"});
        REQUIRE(s1->size() == 1);
        CHECK(s1->front().object == id["S1"]);
        CHECK(s1->front().source == "test");
        CHECK(s1->front().id == "S1");
        CHECK(s1->front().uai == "0000001A");
        CHECK(s1->front().label == "ECOLE S1");
        CHECK(a.structures_with_uai({"0000001A", "0000002B"})->size() == 2);
        CHECK(a.structures_with_uai({"9999999Z"})->empty());
        CHECK(a.structures_of("test")->size() == 2);
        CHECK(a.structures_of("other")->empty());
        set_deleted(objects, id["S2"], "2025-01-01");
        CHECK(a.structures_of("test")->size() == 1);
        CHECK(a.structures_with_uai({"0000002B"})->empty());
    }
    SUBCASE("who is attached to a structure") {
        auto attached = a.attached_to("test", "S1");
        REQUIRE(attached);
        std::vector<std::int64_t> people;
        for (const auto& [rowid, category] : *attached)
            if (is_person(category))
                people.push_back(rowid);
        CHECK(sorted(people) == sorted<std::int64_t>({id["P1"], id["T1"]}));
        CHECK(a.attached_to("other", "S1")->empty());
    }
    SUBCASE("the pupils a relative is linked to, with the legal code and their login") {
        auto pupils = a.pupils_of_relative("test", "R2");
        REQUIRE(pupils->size() == 1);
        CHECK(pupils->front().object == id["P1"]);
        CHECK(pupils->front().id == "P1");
        CHECK(pupils->front().legal == "2");
        CHECK(pupils->front().login.empty());
        REQUIRE(a.insert_account(account_of(id["P1"], "marie.martin")));
        CHECK(a.pupils_of_relative("test", "R1")->front().login == "marie.martin");
        CHECK(a.pupils_of_relative("test", "T1")->empty());
    }
    SUBCASE("relatives through a structure's pupils: persons in charge only when asked") {
        CHECK(*a.relatives_through_pupils("test", "S1", false) ==
              std::vector<std::int64_t>{id["R1"]});
        CHECK(sorted(*a.relatives_through_pupils("test", "S1", true)) ==
              sorted<std::int64_t>({id["R1"], id["R2"]}));
        CHECK(a.relatives_through_pupils("test", "S2", true)->empty());
        set_deleted(objects, id["P1"], "2025-01-01");
        CHECK(a.relatives_through_pupils("test", "S1", true)->empty());
    }
}

void journal_contract(AccountStore& a, std::map<std::string, std::int64_t> id) {
    SUBCASE("entries and marks are appended in order and read back") {
        CHECK(*a.last_journal_seq() == 0);
        auto pupil = a.object(id["P1"]);
        REQUIRE(pupil);
        auto first = a.append_journal(**pupil, JournalOp::Update, {"activation_code"}, "t1");
        REQUIRE(first);
        auto mark = a.append_mark("a", "t2");
        REQUIRE(mark);
        CHECK(*mark > *first);
        CHECK(*a.last_journal_seq() == *mark);
        auto of_pupil = a.journal_of(id["P1"]);
        REQUIRE(of_pupil->size() == 1);
        const JournalEntry& entry = of_pupil->front();
        CHECK(entry.seq == *first);
        CHECK(entry.set_id == 0);
        CHECK(entry.object == id["P1"]);
        CHECK(entry.op == JournalOp::Update);
        CHECK(entry.fields == std::vector<std::string>{"activation_code"});
        CHECK(entry.at == "t1");
        std::vector<std::string> seen;
        REQUIRE(a.for_each_journal(0, *mark, [&](auto seq, auto object, auto op, auto fields) {
            seen.push_back(std::to_string(seq) + " " + std::to_string(object) + " " + op + " " +
                           fields);
        }));
        CHECK(seen ==
              std::vector<std::string>{std::to_string(*first) + " " + std::to_string(id["P1"]) +
                                           " update [\"activation_code\"]",
                                       std::to_string(*mark) + " 0 mark [\"feed\"]"});
        seen.clear();
        REQUIRE(a.for_each_journal(*first, *first,
                                   [&](auto, auto, auto op, auto) { seen.push_back(op); }));
        CHECK(seen.empty());
    }
}

void provider_contract(AccountStore& a, std::map<std::string, std::int64_t> id) {
    SUBCASE("a provider's cursor starts at 0 and moves; closing keeps it") {
        CHECK(*a.cursor("a") == 0);
        REQUIRE(a.set_cursor("a", 5));
        REQUIRE(a.set_cursor("a", 7));
        CHECK(*a.cursor("a") == 7);
        CHECK(*a.cursor("b") == 0);
        CHECK_FALSE(*a.closed_at("a"));
        REQUIRE(a.set_closed("a", "2026-07-01"));
        CHECK(a.closed_at("a")->value_or("") == "2026-07-01");
        CHECK(*a.cursor("a") == 7);
        REQUIRE(a.set_cursor("a", 9));
        CHECK(a.closed_at("a")->value_or("") == "2026-07-01");
        REQUIRE(a.set_closed("b", "2026-08-01"));
        CHECK(*a.cursor("b") == 0);
    }
    SUBCASE("memberships: first reception kept, started again after a deletion") {
        CHECK(a.members("a")->empty());
        REQUIRE(a.record_member(membership("a", id["P1"], MemberState::Active, 3, "create")));
        REQUIRE(a.record_member(membership("a", id["P1"], MemberState::Deactivated, 5, "deact")));
        auto held = a.memberships_of(id["P1"]);
        REQUIRE(held->size() == 1);
        const Membership& m = held->front();
        CHECK(m.provider == "a");
        CHECK(m.object == id["P1"]);
        CHECK(m.state == MemberState::Deactivated);
        CHECK(m.first_seq == 3);
        CHECK(m.first_at == "at3");
        CHECK(m.last_seq == 5);
        CHECK(m.last_op == "deact");
        CHECK(m.last_at == "at5");
        REQUIRE(a.record_member(membership("a", id["P1"], MemberState::Deleted, 6, "delete")));
        REQUIRE(a.record_member(membership("a", id["P1"], MemberState::Active, 8, "create")));
        CHECK(a.memberships_of(id["P1"])->front().first_seq == 8);
        REQUIRE(a.record_member(membership("b", id["P1"], MemberState::Active, 9, "create")));
        REQUIRE(a.record_member(membership("a", id["T1"], MemberState::Deleted, 9, "delete")));
        CHECK(a.memberships_of(id["P1"])->size() == 2);
        CHECK(a.memberships_of(id["P1"])->front().provider == "a");
        auto members = a.members("a");
        CHECK(*members == std::unordered_map<std::int64_t, MemberState>{
                              {id["P1"], MemberState::Active}, {id["T1"], MemberState::Deleted}});
        CHECK(a.members("c")->empty());
    }
    SUBCASE("batches: pending in order until delivered, the last one of each provider") {
        auto first = a.insert_batch(batch("a", FeedBatchKind::Snapshot, 0, 3));
        auto second = a.insert_batch(batch("a", FeedBatchKind::Changes, 3, 5));
        REQUIRE(a.insert_batch(batch("b", FeedBatchKind::Final, 0, 4)));
        REQUIRE(first);
        REQUIRE(second);
        CHECK(*second > *first);
        auto pending = a.pending_batches("a");
        REQUIRE(pending->size() == 2);
        const FeedBatch& p = pending->front();
        CHECK(p.id == *first);
        CHECK(p.provider == "a");
        CHECK(p.kind == FeedBatchKind::Snapshot);
        CHECK(p.first_seq == 0);
        CHECK(p.last_seq == 3);
        CHECK(p.file == "a3.jsonl");
        CHECK(p.sha256 == "ab12");
        CHECK(p.lines == 2);
        CHECK(p.built_at == "t");
        CHECK(p.delivered_at.empty());
        CHECK(pending->back().id == *second);
        CHECK(a.last_batch("a")->value().id == *second);
        CHECK(a.last_batch("b")->value().kind == FeedBatchKind::Final);
        CHECK_FALSE(*a.last_batch("c"));
        REQUIRE(a.mark_delivered(*first, "t9"));
        CHECK(a.pending_batches("a")->front().id == *second);
        REQUIRE(a.mark_delivered(*second, "t10"));
        CHECK(a.pending_batches("a")->empty());
        CHECK(a.last_batch("a")->value().delivered_at == "t10");
        CHECK(a.pending_batches("b")->size() == 1);
    }
}

void purge_contract(AccountStore& a, Store& objects, std::map<std::string, std::int64_t> id) {
    SUBCASE("purge: deleted before the cutoff and received deleted by every provider") {
        REQUIRE(a.insert_account(account_of(id["P1"], "marie.martin")));
        REQUIRE(a.record_member(membership("a", id["P1"], MemberState::Active, 3, "create")));
        set_deleted(objects, id["P1"], "2025-01-01");
        set_deleted(objects, id["R1"], "2025-07-01");
        CHECK(a.purge_deleted("2025-06-01")->empty()); // a still holds P1
        REQUIRE(a.record_member(membership("a", id["P1"], MemberState::Deleted, 4, "delete")));
        auto purged = a.purge_deleted("2025-06-01");
        REQUIRE(purged);
        CHECK(*purged == std::vector<ObjectKey>{key_of(Category::Pupil, "P1")});
        CHECK_FALSE(*a.object(id["P1"]));
        CHECK_FALSE(*a.account(id["P1"]));
        CHECK_FALSE(*a.login_taken("marie.martin"));
        CHECK(a.memberships_of(id["P1"])->empty());
        CHECK(a.pupils_of_relative("test", "R2")->empty()); // its links went with it
        CHECK(a.object(id["R1"])->has_value());             // deleted after the cutoff
        CHECK(a.purge_deleted("2025-06-01")->empty());
    }
}

void transaction_contract(AccountStore& a, std::map<std::string, std::int64_t> id) {
    SUBCASE("rollback forgets every write since begin; commit keeps them together") {
        REQUIRE(a.begin());
        REQUIRE(a.insert_account(account_of(id["P1"], "marie.martin")));
        REQUIRE(a.insert_batch(batch("a", FeedBatchKind::Changes, 0, 1)));
        REQUIRE(a.append_mark("a", "t1"));
        a.rollback();
        CHECK_FALSE(*a.account(id["P1"]));
        CHECK_FALSE(*a.last_batch("a"));
        CHECK(*a.last_journal_seq() == 0);
        REQUIRE(a.begin());
        REQUIRE(a.insert_batch(batch("a", FeedBatchKind::Changes, 0, 1)));
        REQUIRE(a.record_member(membership("a", id["P1"], MemberState::Active, 1, "create")));
        auto mark = a.append_mark("a", "t1");
        REQUIRE(mark);
        REQUIRE(a.commit());
        CHECK(a.last_batch("a")->has_value());
        CHECK(a.members("a")->size() == 1);
        CHECK(*a.last_journal_seq() == *mark);
    }
}

void contract(AccountStore& accounts, Store& objects) {
    auto id = seed(objects);
    accounts_contract(accounts, objects, id);
    objects_contract(accounts, objects, id);
    journal_contract(accounts, id);
    provider_contract(accounts, id);
    purge_contract(accounts, objects, id);
    transaction_contract(accounts, id);
}

// The store's file, written by SqliteStore, with SqliteAccountStore on it.
struct SqliteBackend {
    test::TempDir dir;
    std::unique_ptr<Store> objects;
    std::unique_ptr<AccountStore> accounts;
    SqliteBackend() {
        auto store = open_sqlite_store((dir / "store.db").string());
        REQUIRE(store);
        objects = std::move(*store);
        auto opened = SqliteAccountStore::open((dir / "store.db").string());
        REQUIRE(opened);
        accounts = std::move(*opened);
    }
};

} // namespace

TEST_CASE("account store contract: SQLite file") {
    SqliteBackend backend;
    contract(*backend.accounts, *backend.objects);
}

TEST_CASE("SQLite account store: its journal rows are those SqliteStore writes and reads") {
    SqliteBackend backend;
    auto id = seed(*backend.objects);
    auto pupil = backend.accounts->object(id["P1"]);
    REQUIRE(pupil);
    auto seq = backend.accounts->append_journal(**pupil, JournalOp::Update, {"sn", "givenName"},
                                                "2025-10-01T08:00:00Z");
    REQUIRE(seq);
    auto read = backend.objects->journal_after(0, 10);
    REQUIRE(read);
    REQUIRE(read->size() == 1);
    const JournalEntry& entry = read->front();
    CHECK(entry.seq == *seq);
    CHECK(entry.set_id == 0);
    CHECK(entry.object == id["P1"]);
    CHECK(entry.key == key_of(Category::Pupil, "P1"));
    CHECK(entry.op == JournalOp::Update);
    CHECK(entry.fields == std::vector<std::string>{"sn", "givenName"});
    CHECK(entry.at == "2025-10-01T08:00:00Z");
}

TEST_CASE("SQLite account store: read only, it reads and refuses to write") {
    SqliteBackend backend;
    auto id = seed(*backend.objects);
    auto reader = SqliteAccountStore::open((backend.dir / "store.db").string(), true);
    REQUIRE(reader);
    CHECK((*reader)->object(id["P1"])->has_value());
    CHECK_FALSE((*reader)->insert_account(account_of(id["P1"], "marie.martin")));
}
