// The account store's interface: objects keyed by (source, flow, category, id) with
// their state, canonical attributes, typed fields and links; the change journal that
// providers consume; the history of applied sets. SQLite implements it
// (sync/store/sqlite_store.hpp); the contract suite in tests/sync/ runs on every backend.
// REQUIRES: one thread at a time per Store object.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parsers/category.hpp"
#include "sync/core/attributes.hpp"
#include "sync/core/entity.hpp"
#include "util/date.hpp"
#include "util/error.hpp"

namespace aafd::sync {

enum class State { Active, Disappeared, Deleted };
std::string_view state_name(State state); // "active", "disappeared", "deleted"
std::optional<State> state_from_name(std::string_view name);

struct ObjectKey {
    std::string source;
    Flow flow = Flow::Second;
    Category category = Category::Structure;
    std::string id;
    bool operator==(const ObjectKey&) const = default;
};

struct StoredDigest {
    std::int64_t rowid = 0;
    std::uint64_t hash = 0;
    State state = State::Active;
};

struct ObjectWrite {
    std::uint64_t hash = 0;
    const Attributes& attributes;
    const Entity& entity;
    std::int64_t set_id = 0;
    std::string_view json = {}; // attributes_to_json(attributes) when made ahead, else empty
};

// Mark: a position in the journal taken by a provider's feed (object 0, id = the
// provider), so that a batch about scope or convention changes has a range of its own.
enum class JournalOp { Create, Update, Restore, Disappear, Delete, Mark };
std::string_view journal_op_name(JournalOp op);

struct JournalEntry {
    std::int64_t seq = 0;    // assigned by the store
    std::int64_t set_id = 0; // 0: not from a set (maintenance)
    std::int64_t object = 0;
    ObjectKey key;
    JournalOp op = JournalOp::Create;
    std::vector<std::string> fields; // changed attribute names, or why
    std::string at;                  // ISO timestamp
};

struct SetCounts {
    std::uint64_t records = 0;
    std::uint64_t created = 0;
    std::uint64_t updated = 0;
    std::uint64_t unchanged = 0;
    std::uint64_t restored = 0;
    std::uint64_t disappeared = 0; // absent from a full set, or deleteRequest
    std::uint64_t upserts = 0;     // add of a known id, modify of an unknown one
    std::uint64_t warnings = 0;
    bool operator==(const SetCounts&) const = default;
};

struct SetFile {
    std::string name;
    std::uint64_t size = 0;
    std::string sha256;
    Category category = Category::Structure;
    unsigned chunk = 0;
    std::uint64_t records = 0;
};

struct AppliedSet {
    std::int64_t id = 0;
    std::string source;
    Flow flow = Flow::Second;
    SetKind kind = SetKind::Full;
    Date date;
    std::string applied_at; // ISO timestamp
    std::string digest;     // SHA-256 over the files' digests: the same files, the same set
    bool forced = false;
    bool incomplete = false;
    SetCounts counts;
    std::int64_t duration_ms = 0;
    std::vector<SetFile> files;
    std::string retracted_at; // ISO timestamp; empty: not retracted
};

// An object as `show` and the feeds see it.
struct StoredObject {
    std::int64_t rowid = 0;
    ObjectKey key;
    State state = State::Active;
    std::string state_since; // ISO date, empty when active
    Entity entity;
    Attributes attributes;
};

// Who points at a target: e.g. the pupils whose Relative link names a relative id.
struct Referrer {
    ObjectKey key;
    State state = State::Active;
    Link link;               // the link that points at the target
    std::vector<Link> links; // all the referrer's links
};

// How a store writes a large set that its source and flow do not hold yet (SQLite: a
// first import), when it does it differently from row by row.
struct SetWriting {
    bool indexed_at_end = false;   // the key index is dropped, and built once at the end
    bool rollback_journal = false; // written once through a rollback journal, not the WAL
};

// Counts per category and state, for `status`.
using StateCounts = std::map<Category, std::map<State, std::uint64_t>>;

// The read side the pure diff needs: what the store holds for one key.
class StoreSnapshot {
public:
    virtual ~StoreSnapshot() = default;
    virtual Result<std::optional<StoredDigest>> find(const ObjectKey& key) = 0;
    virtual Result<Attributes> load_attributes(std::int64_t rowid) = 0;
};

class Store : public StoreSnapshot {
public:
    // One writer at a time: begin() waits a little for another process, then fails
    // with ErrorCode::Busy.
    virtual Result<void> begin() = 0;
    virtual Result<void> commit() = 0;
    virtual void rollback() noexcept = 0;

    // Begins the transaction of a set that writes objects of `source` and `flow`, from
    // `bytes` of export, as begin() does. The store may prepare for the set (SQLite: see
    // SetWriting); what it holds afterwards is the same either way.
    virtual Result<SetWriting> begin_for_set(const std::string& source, Flow flow,
                                             std::uint64_t bytes) = 0;

    virtual Result<std::int64_t> insert_object(const ObjectKey& key, const ObjectWrite& write) = 0;
    virtual Result<void> update_object(std::int64_t rowid, const ObjectWrite& write) = 0;
    // `since`: the date the state began (empty for active).
    virtual Result<void> set_state(std::int64_t rowid, State state, const std::string& since) = 0;
    virtual Result<void> append_journal(const JournalEntry& entry) = 0;

    // Calls `visit(rowid, id, since)` for each object of that source, flow, category and
    // state. `visit` must not write to the store.
    using ObjectVisitor =
        std::function<void(std::int64_t rowid, const std::string& id, const std::string& since)>;
    virtual Result<void> for_each_in_state(const std::string& source, Flow flow, Category category,
                                           State state, const ObjectVisitor& visit) = 0;
    // How many objects of that source, flow, category and state, counted up to `at_most`
    // (the result is then `at_most`): the count walks an index range, so a caller that
    // compares it with a bound pays for the bound, not for the whole category.
    virtual Result<std::uint64_t> count_in_state(const std::string& source, Flow flow,
                                                 Category category, State state,
                                                 std::uint64_t at_most) = 0;

    virtual Result<std::int64_t> begin_set(const AppliedSet& set) = 0; // returns its id
    virtual Result<void> finish_set(const AppliedSet& set) = 0;        // counts, files, duration
    virtual Result<std::optional<AppliedSet>> last_set(const std::string& source, Flow flow,
                                                       SetKind kind) = 0;
    // Sets of that source, flow, kind and date, with their files.
    virtual Result<std::vector<AppliedSet>> sets_on(const std::string& source, Flow flow,
                                                    SetKind kind, Date date) = 0;
    // Newest first; files are not loaded.
    // Marks an applied set retracted (`at`: ISO timestamp): last_set and sets_on no longer
    // return it. Its records stay as it wrote them. ErrorCode::NotFound when no set has
    // that id, ErrorCode::BadInput when it is retracted already. Returns the set.
    virtual Result<AppliedSet> retract_set(std::int64_t id, const std::string& at) = 0;
    virtual Result<std::vector<AppliedSet>> list_sets(std::size_t limit) = 0;

    // Objects of `source` (any source when empty) with that id, in any flow, among
    // `categories`.
    virtual Result<std::vector<StoredObject>>
    find_objects(const std::string& source, const std::string& id,
                 const std::vector<Category>& categories) = 0;
    virtual Result<std::vector<StoredObject>> find_structures_by_uai(const std::string& uai) = 0;
    // kind: Structure (anyone attached to that structure in any way) or Relative.
    virtual Result<std::vector<Referrer>> referrers(const std::string& source, LinkKind kind,
                                                    const std::string& target) = 0;
    virtual Result<StateCounts> count_objects() = 0;
    // References made by the objects a set wrote that name no object of the store:
    // "structure" and "relative" links, counted per kind.
    virtual Result<std::map<std::string, std::uint64_t>> count_dangling(std::int64_t set_id) = 0;
    // Objects in state Disappeared since a date before `cutoff` (ISO).
    virtual Result<std::vector<std::pair<std::int64_t, ObjectKey>>>
    disappeared_before(const std::string& cutoff) = 0;
    // Journal entries with seq > after, oldest first, at most `limit`.
    virtual Result<std::vector<JournalEntry>> journal_after(std::int64_t after,
                                                            std::size_t limit) = 0;
};

// Runs `body` in a transaction: commits when it succeeds, rolls back otherwise.
Result<void> in_transaction(Store& store, const std::function<Result<void>()>& body);

} // namespace aafd::sync
