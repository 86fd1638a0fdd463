// The store's invariants, one function each, run in order over one read transaction.
// To add an invariant (e.g. for the account tables of migration 4), write one more
// `Result<void> check_x(Database&, Findings&)` and list it in k_checks.
#include "sync/store/store_check.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "sync/core/attributes.hpp"
#include "sync/core/entity.hpp"
#include "sync/core/store.hpp"
#include "sync/store/schema.hpp"
#include "util/date.hpp"

namespace aafd::sync {
namespace {

// Collects findings, keeping the first `max` of them and counting all.
class Findings {
public:
    Findings(StoreCheckReport& report, std::size_t max) : m_report(report), m_max(max) {}
    void add(std::string table, std::string row, std::string problem) {
        if (m_report.findings.size() < m_max)
            m_report.findings.push_back({std::move(table), std::move(row), std::move(problem)});
        ++m_report.finding_count;
    }
    StoreCheckCounts& counts() { return m_report.counts; }

private:
    StoreCheckReport& m_report;
    std::size_t m_max;
};

std::string quoted(const std::string& text) { return "'" + text + "'"; }

// Runs `sql` and calls `on_row(statement)` on each row.
template <class OnRow>
Result<void> each_row(Database& db, std::string_view sql, OnRow&& on_row) {
    auto statement = db.prepare(sql);
    if (!statement)
        return std::unexpected(statement.error());
    return statement->for_each_row([&] { return on_row(*statement); });
}

Result<std::unordered_set<std::int64_t>> set_ids(Database& db) {
    std::unordered_set<std::int64_t> ids;
    auto done = each_row(db, "SELECT id FROM applied_set",
                         [&](Statement& s) { ids.insert(s.column_int(0)); });
    if (!done)
        return std::unexpected(done.error());
    return ids;
}

Result<void> check_schema_version(Database& db, Findings& findings) {
    int version = 0;
    auto done =
        each_row(db, "PRAGMA user_version", [&](Statement& s) { version = int(s.column_int(0)); });
    if (!done)
        return done;
    if (version == 0)
        return fail(ErrorCode::BadInput, "not an aafd store (schema version 0)");
    if (version != current_schema_version())
        findings.add("sqlite", "user_version",
                     "schema version " + std::to_string(version) + ", this aafd writes " +
                         std::to_string(current_schema_version()));
    return {};
}

Result<void> check_integrity(Database& db, Findings& findings) {
    return each_row(db, "PRAGMA integrity_check", [&](Statement& s) {
        if (auto message = s.column_text(0); message != "ok")
            findings.add("sqlite", "integrity_check", message);
    });
}

Result<void> check_foreign_keys(Database& db, Findings& findings) {
    return each_row(db, "PRAGMA foreign_key_check", [&](Statement& s) {
        std::string row = s.column_is_null(1) ? "row" : "rowid " + std::to_string(s.column_int(1));
        findings.add(s.column_text(0), row, "names a missing " + s.column_text(2) + " row");
    });
}

// A reference row: (kind, target, code) is its key for one object; detail is data.
using ReferenceRow = std::tuple<std::string, std::string, std::string, std::string>;

std::string reference_label(std::int64_t object, const ReferenceRow& row) {
    const auto& [kind, target, code, detail] = row;
    return "object " + std::to_string(object) + " " + kind + " " + target +
           (code.empty() ? "" : " code " + code);
}

// The rows the store writes for an entity: backward_links, the first of each key (the
// store inserts them in order, ignoring a repeated key).
std::vector<ReferenceRow> expected_references(const Entity& entity) {
    std::vector<ReferenceRow> rows;
    for (const auto& link : backward_links(entity))
        rows.emplace_back(std::string(link_kind_name(link.kind)), link.target, link.code,
                          link.detail);
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
               std::tie(std::get<0>(b), std::get<1>(b), std::get<2>(b));
    });
    rows.erase(std::unique(rows.begin(), rows.end(),
                           [](const auto& a, const auto& b) {
                               return std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a)) ==
                                      std::tie(std::get<0>(b), std::get<1>(b), std::get<2>(b));
                           }),
               rows.end());
    return rows;
}

// Walks the reference table in object order, alongside the objects.
class ReferenceCursor {
public:
    static Result<ReferenceCursor> open(Database& db) {
        auto statement = db.prepare("SELECT object, kind, target, code, detail FROM reference "
                                    "INDEXED BY reference_by_object ORDER BY object, kind, "
                                    "target, code");
        if (!statement)
            return std::unexpected(statement.error());
        ReferenceCursor cursor(std::move(*statement));
        if (auto done = cursor.advance(); !done)
            return std::unexpected(done.error());
        return cursor;
    }
    bool at_end() const { return m_at_end; }
    std::int64_t object() const { return m_object; }
    const ReferenceRow& row() const { return m_row; }
    Result<void> advance() {
        auto row = m_statement.step();
        if (!row)
            return std::unexpected(row.error());
        m_at_end = !*row;
        if (m_at_end)
            return {};
        m_object = m_statement.column_int(0);
        m_row = {m_statement.column_text(1), m_statement.column_text(2), m_statement.column_text(3),
                 m_statement.column_text(4)};
        return {};
    }

private:
    explicit ReferenceCursor(Statement statement) : m_statement(std::move(statement)) {}
    Statement m_statement;
    bool m_at_end = true;
    std::int64_t m_object = 0;
    ReferenceRow m_row;
};

void report_orphan(const ReferenceCursor& cursor, Findings& findings) {
    findings.add("reference", reference_label(cursor.object(), cursor.row()),
                 "its object, rowid " + std::to_string(cursor.object()) + ", does not exist");
}

// Compares an object's stored reference rows with those its attributes give. Both sorted.
void compare_references(std::int64_t rowid, const std::vector<ReferenceRow>& stored,
                        const std::vector<ReferenceRow>& expected, Findings& findings) {
    auto key = [](const ReferenceRow& r) {
        return std::tie(std::get<0>(r), std::get<1>(r), std::get<2>(r));
    };
    std::size_t s = 0, e = 0;
    while (s < stored.size() || e < expected.size()) {
        if (e == expected.size() || (s < stored.size() && key(stored[s]) < key(expected[e]))) {
            findings.add("reference", reference_label(rowid, stored[s++]),
                         "not derived from the object's attributes");
        } else if (s == stored.size() || key(expected[e]) < key(stored[s])) {
            findings.add("reference", reference_label(rowid, expected[e++]),
                         "missing: the object's attributes link to it");
        } else {
            if (std::get<3>(stored[s]) != std::get<3>(expected[e]))
                findings.add("reference", reference_label(rowid, stored[s]),
                             "detail " + quoted(std::get<3>(stored[s])) +
                                 " differs from the attributes' " +
                                 quoted(std::get<3>(expected[e])));
            ++s, ++e;
        }
    }
}

// The typed columns the store derives from the attributes (names stay out of messages).
void compare_columns(const std::string& row, Statement& s, const Entity& entity,
                     Findings& findings) {
    const std::array<std::pair<std::string_view, const std::string*>, 6> columns{{
        {"last_name", &entity.last_name},
        {"first_name", &entity.first_name},
        {"birth_date", &entity.birth_date},
        {"ine", &entity.ine},
        {"uai", &entity.uai},
        {"label", &entity.label},
    }};
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (s.column_text(9 + static_cast<int>(i)) != *columns[i].second)
            findings.add("object", row,
                         "column " + std::string(columns[i].first) +
                             " does not match its attributes");
}

void check_state_since(const std::string& row, const std::string& state, bool has_since,
                       Findings& findings) {
    if (state == "active" && has_since)
        findings.add("object", row, "state active with a state_since");
    if (state != "active" && !has_since)
        findings.add("object", row, "state " + state + " without a state_since");
}

void check_set_columns(const std::string& row, Statement& s,
                       const std::unordered_set<std::int64_t>& sets, Findings& findings) {
    for (auto [column, name] : {std::pair{15, "created_set"}, std::pair{16, "updated_set"}}) {
        auto id = s.column_int(column);
        if (id != 0 && !sets.contains(id))
            findings.add("object", row,
                         std::string(name) + " " + std::to_string(id) + " names no applied set");
    }
}

// Everything the store derives from one object's attributes: hash, typed columns and
// reference rows. Returns the entity (empty when the attributes cannot be read).
Entity check_object_content(const std::string& row, Statement& s, Findings& findings) {
    auto category = category_from_name(s.column_text(3));
    if (!category) {
        findings.add("object", row, "unknown category " + quoted(s.column_text(3)));
        return {};
    }
    auto attributes = attributes_from_json(s.column_text(8));
    if (!attributes) {
        findings.add("object", row, "attributes are not valid JSON: " + attributes.error().message);
        return {};
    }
    auto stored = static_cast<std::uint64_t>(s.column_int(7));
    if (auto hash = attributes_hash(*attributes); hash != stored)
        findings.add("object", row,
                     "hash " + std::to_string(stored) + " does not match its attributes (hash " +
                         std::to_string(hash) + ")");
    Entity entity = interpret(*category, *attributes);
    compare_columns(row, s, entity, findings);
    return entity;
}

// Object rows (content, state, sets named) and, walked alongside in rowid order, their
// reference rows: those of each object match its attributes, and none names a missing
// object.
Result<void> check_objects(Database& db, Findings& findings) {
    auto sets = set_ids(db);
    if (!sets)
        return std::unexpected(sets.error());
    auto references = ReferenceCursor::open(db);
    if (!references)
        return std::unexpected(references.error());
    ReferenceCursor& cursor = *references;
    auto next_reference = [&]() -> Result<void> {
        ++findings.counts().references;
        return cursor.advance();
    };
    auto done = each_row(
        db,
        "SELECT rowid, source, flow, category, id, state, state_since IS NOT NULL, hash, "
        "attributes, ifnull(last_name, ''), ifnull(first_name, ''), ifnull(birth_date, ''), "
        "ifnull(ine, ''), ifnull(uai, ''), ifnull(label, ''), ifnull(created_set, 0), "
        "ifnull(updated_set, 0) FROM object ORDER BY rowid",
        [&](Statement& s) -> Result<void> {
            ++findings.counts().objects;
            std::int64_t rowid = s.column_int(0);
            std::string row = "rowid " + std::to_string(rowid);
            Entity entity = check_object_content(row, s, findings);
            check_state_since(row, s.column_text(5), s.column_int(6) != 0, findings);
            check_set_columns(row, s, *sets, findings);
            while (!cursor.at_end() && cursor.object() < rowid) {
                report_orphan(cursor, findings);
                if (auto moved = next_reference(); !moved)
                    return moved;
            }
            std::vector<ReferenceRow> stored;
            while (!cursor.at_end() && cursor.object() == rowid) {
                stored.push_back(cursor.row());
                if (auto moved = next_reference(); !moved)
                    return moved;
            }
            compare_references(rowid, stored, expected_references(entity), findings);
            return {};
        });
    if (!done)
        return done;
    while (!cursor.at_end()) {
        report_orphan(cursor, findings);
        if (auto moved = next_reference(); !moved)
            return moved;
    }
    return {};
}

// Each journal entry names an existing object, with that object's key, and an existing
// applied set (or none: maintenance). Marks (a feed's position) name no object.
Result<void> check_journal_rows(Database& db, Findings& findings) {
    return each_row(
        db,
        "SELECT j.seq, j.object, o.rowid IS NULL, j.flow || ' ' || j.category || ' ' || j.id, "
        "o.flow || ' ' || o.category || ' ' || o.id, j.source IS o.source, ifnull(j.set_id, 0), "
        "j.set_id IS NOT NULL AND s.id IS NULL FROM journal j LEFT JOIN object o ON o.rowid = "
        "j.object LEFT JOIN applied_set s ON s.id = j.set_id WHERE j.op != 'mark' AND (o.rowid "
        "IS NULL OR "
        "o.source IS NOT j.source OR o.flow IS NOT j.flow OR o.category IS NOT j.category OR "
        "o.id IS NOT j.id OR (j.set_id IS NOT NULL AND s.id IS NULL)) ORDER BY j.seq",
        [&](Statement& s) {
            std::string row = "seq " + std::to_string(s.column_int(0));
            std::string object = "object rowid " + std::to_string(s.column_int(1));
            if (s.column_int(2) != 0)
                findings.add("journal", row, object + " does not exist");
            else if (s.column_text(3) != s.column_text(4) || s.column_int(5) == 0)
                findings.add("journal", row,
                             "key " + s.column_text(3) + " is not that of " + object + " (" +
                                 s.column_text(4) + ")");
            if (s.column_int(7) != 0)
                findings.add("journal", row,
                             "set_id " + std::to_string(s.column_int(6)) + " names no applied set");
        });
}

// An object's life as its journal tells it.
enum class Life : std::uint8_t { Unborn, Active, Disappeared, Deleted };

constexpr std::array<std::string_view, 4> k_life_names{"not yet created", "active", "disappeared",
                                                       "deleted"};

struct Replayed {
    Life life = Life::Unborn;
    JournalOp last_op = JournalOp::Create;
    std::int64_t last_seq = 0;
};

std::optional<JournalOp> journal_op_from_name(std::string_view name) {
    for (auto op : {JournalOp::Create, JournalOp::Update, JournalOp::Restore, JournalOp::Disappear,
                    JournalOp::Delete, JournalOp::Mark})
        if (journal_op_name(op) == name)
            return op;
    return std::nullopt;
}

// What an operation needs the object to be, and what it makes of it.
bool allowed(JournalOp op, Life before) {
    switch (op) {
    case JournalOp::Create:
        return before == Life::Unborn;
    case JournalOp::Update:
    case JournalOp::Disappear:
        return before == Life::Active;
    case JournalOp::Restore:
        return before == Life::Disappeared || before == Life::Deleted;
    case JournalOp::Delete:
        return before == Life::Disappeared;
    case JournalOp::Mark: // a feed's position (object 0): never replayed on an object
        return false;
    }
    return false;
}

Life life_after(JournalOp op) {
    switch (op) {
    case JournalOp::Disappear:
        return Life::Disappeared;
    case JournalOp::Delete:
        return Life::Deleted;
    default:
        return Life::Active;
    }
}

Life life_of_state(const std::string& state) {
    auto parsed = state_from_name(state).value_or(State::Active);
    return parsed == State::Disappeared ? Life::Disappeared
           : parsed == State::Deleted   ? Life::Deleted
                                        : Life::Active;
}

// Replays the journal in seq order: each operation is one the object's life allows,
// sets come in the order they were applied, and each object's state is where its journal
// leads.
Result<void> check_journal_replay(Database& db, Findings& findings) {
    std::unordered_map<std::int64_t, Replayed> objects;
    std::int64_t last_set = 0;
    auto replayed = each_row(
        db, "SELECT seq, object, op, ifnull(set_id, 0) FROM journal ORDER BY seq",
        [&](Statement& s) {
            ++findings.counts().journal_entries;
            std::int64_t seq = s.column_int(0);
            std::string row = "seq " + std::to_string(seq);
            auto op = journal_op_from_name(s.column_text(2));
            if (!op)
                return findings.add("journal", row,
                                    "unknown operation " + quoted(s.column_text(2)));
            if (*op == JournalOp::Mark) {
                if (s.column_int(1) != 0)
                    findings.add("journal", row,
                                 "mark naming object rowid " + std::to_string(s.column_int(1)) +
                                     " (a mark names none)");
                return;
            }
            Replayed& object = objects[s.column_int(1)];
            if (!allowed(*op, object.life))
                findings.add("journal", row,
                             std::string(journal_op_name(*op)) + " of object rowid " +
                                 std::to_string(s.column_int(1)) + ", which is " +
                                 std::string(k_life_names[std::size_t(object.life)]));
            object = {life_after(*op), *op, seq};
            if (auto set = s.column_int(3); set != 0) {
                if (set < last_set)
                    findings.add("journal", row,
                                 "set_id " + std::to_string(set) + " after set_id " +
                                     std::to_string(last_set) + " (sets are applied in order)");
                last_set = std::max(last_set, set);
            }
        });
    if (!replayed)
        return replayed;
    return each_row(db, "SELECT rowid, state FROM object ORDER BY rowid", [&](Statement& s) {
        std::string row = "rowid " + std::to_string(s.column_int(0));
        auto found = objects.find(s.column_int(0));
        if (found == objects.end())
            return findings.add("object", row, "no journal entry (not even its creation)");
        const Replayed& journal = found->second;
        if (journal.life != life_of_state(s.column_text(1)))
            findings.add("object", row,
                         "state " + s.column_text(1) + ", but its journal ends with " +
                             std::string(journal_op_name(journal.last_op)) + " (seq " +
                             std::to_string(journal.last_seq) + ")");
    });
}

// AUTOINCREMENT's counter is never below the last seq, so seqs are never reused: a
// provider that has read up to seq N never misses a later entry.
Result<void> check_journal_sequence(Database& db, Findings& findings) {
    return each_row(db,
                    "SELECT ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0), "
                    "ifnull((SELECT max(seq) FROM journal), 0)",
                    [&](Statement& s) {
                        if (s.column_int(0) < s.column_int(1))
                            findings.add("sqlite_sequence", "journal",
                                         "seq " + std::to_string(s.column_int(0)) +
                                             " is below the journal's last seq " +
                                             std::to_string(s.column_int(1)));
                    });
}

// Applied sets are whole: named values, finished (digest), records those of their files.
Result<void> check_sets(Database& db, Findings& findings) {
    return each_row(
        db,
        "SELECT s.id, s.flow, s.kind, s.date, s.digest, s.records, count(f.set_id), "
        "ifnull(sum(f.records), 0) FROM applied_set s LEFT JOIN applied_file f ON f.set_id = "
        "s.id GROUP BY s.id ORDER BY s.id",
        [&](Statement& s) {
            ++findings.counts().sets;
            std::string row = "id " + std::to_string(s.column_int(0));
            if (!flow_from_name(s.column_text(1)))
                findings.add("applied_set", row, "unknown flow " + quoted(s.column_text(1)));
            if (!set_kind_from_name(s.column_text(2)))
                findings.add("applied_set", row, "unknown kind " + quoted(s.column_text(2)));
            if (!parse_iso_date(s.column_text(3)))
                findings.add("applied_set", row,
                             "date " + quoted(s.column_text(3)) + " is not an ISO date");
            if (s.column_text(4).empty())
                findings.add("applied_set", row, "no digest: the set was never finished");
            if (s.column_int(6) == 0)
                findings.add("applied_set", row, "no applied_file row");
            else if (s.column_int(5) != s.column_int(7))
                findings.add("applied_set", row,
                             "records " + std::to_string(s.column_int(5)) +
                                 ", but its files hold " + std::to_string(s.column_int(7)));
        });
}

struct NamedCheck {
    std::string_view name;
    Result<void> (*run)(Database&, Findings&);
};

constexpr std::array<NamedCheck, 8> k_checks{{
    {"schema version", check_schema_version},
    {"integrity", check_integrity},
    {"foreign keys", check_foreign_keys},
    {"objects and references", check_objects},
    {"journal rows", check_journal_rows},
    {"journal replay", check_journal_replay},
    {"journal sequence", check_journal_sequence},
    {"applied sets", check_sets},
}};

} // namespace

std::string StoreFinding::text() const { return table + " " + row + ": " + problem; }

Result<StoreCheckReport> check_store(Database& db, const StoreCheckOptions& options) {
    StoreCheckReport report;
    Findings findings(report, options.max_findings);
    if (auto begun = db.exec("BEGIN"); !begun)
        return std::unexpected(begun.error());
    for (const auto& check : k_checks)
        if (auto done = check.run(db, findings); !done) {
            (void)db.exec("ROLLBACK");
            return with_context(done.error(),
                                "store " + db.path() + ": check " + std::string(check.name));
        }
    (void)db.exec("COMMIT");
    return report;
}

Result<StoreCheckReport> check_store_file(const std::string& path,
                                          const StoreCheckOptions& options) {
    std::error_code error;
    if (!std::filesystem::exists(path, error))
        return fail(ErrorCode::NoInput, "store " + path + " does not exist");
    auto db = Database::open(path, OpenMode::ReadOnly);
    if (!db)
        return std::unexpected(db.error());
    if (auto done = db->exec("PRAGMA busy_timeout = 5000"); !done)
        return std::unexpected(done.error());
    return check_store(*db, options);
}

} // namespace aafd::sync
