// SqliteAccountStore: the SQLite queries of accounts, provider members, feed batches and
// the reads that provisioning and feeds need. Statements are prepared once per connection
// and kept (StatementCache): provisioning and the feeds run them for every person.
#include "sync/store/sqlite_account_store.hpp"

#include "sync/store/batched_insert.hpp"
#include "sync/store/forward_cursor.hpp"
#include "sync/store/object_row.hpp"
#include "sync/store/object_writes.hpp"

namespace aafd::sync {
namespace {

template <class T>
std::unexpected<Error> failed(const Result<T>& result) {
    return std::unexpected(result.error());
}

constexpr std::string_view k_batch_columns =
    "id, provider, kind, first_seq, last_seq, file, sha256, lines, built_at, "
    "ifnull(delivered_at, '')";

FeedBatch read_batch(const Statement& s) {
    return {s.column_int(0),
            s.column_text(1),
            feed_batch_kind_from_name(s.column_text(2)),
            s.column_int(3),
            s.column_int(4),
            s.column_text(5),
            s.column_text(6),
            static_cast<std::uint64_t>(s.column_int(7)),
            s.column_text(8),
            s.column_text(9)};
}

// Runs `sql` with `bind` applied and collects `read(statement)` for each row.
template <class T, class Bind, class Read>
Result<std::vector<T>> collect(StatementCache& db, std::string_view sql, Bind&& bind, Read&& read) {
    auto prepared = db.get(sql);
    if (!prepared)
        return failed(prepared);
    Statement& statement = **prepared;
    bind(statement);
    std::vector<T> rows;
    auto done = statement.for_each_row([&] { rows.push_back(read(statement)); });
    if (!done)
        return failed(done);
    return rows;
}

// Runs a statement that returns no rows, with `bind` applied.
template <class Bind>
Result<void> execute(StatementCache& db, std::string_view sql, Bind&& bind) {
    auto prepared = db.get(sql);
    if (!prepared)
        return failed(prepared);
    bind(**prepared);
    return (*prepared)->run();
}

} // namespace

Result<std::unique_ptr<SqliteAccountStore>> SqliteAccountStore::open(const std::string& path,
                                                                     bool read_only) {
    auto db = Database::open(path, read_only ? OpenMode::ReadOnly : OpenMode::ReadWrite);
    if (!db)
        return failed(db);
    if (auto done = db->exec("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;"); !done)
        return with_context(done.error(), "store " + path);
    return std::make_unique<SqliteAccountStore>(std::move(*db));
}

Result<void> SqliteAccountStore::begin() { return m_db.exec("BEGIN IMMEDIATE"); }
Result<void> SqliteAccountStore::commit() { return m_db.exec("COMMIT"); }
void SqliteAccountStore::rollback() noexcept { (void)m_db.exec("ROLLBACK"); }

Result<std::vector<Unprovisioned>> SqliteAccountStore::unprovisioned_people() {
    return collect<Unprovisioned>(
        m_statements,
        "SELECT o.rowid, o.source, o.flow, o.category, o.id, ifnull(o.first_name, ''), "
        "ifnull(o.last_name, '') FROM object o WHERE o.state = 'active' AND o.category IN "
        "('Eleve', 'PersRelEleve', 'PersEducNat') AND NOT EXISTS (SELECT 1 FROM account a "
        "WHERE a.object = o.rowid) ORDER BY o.rowid",
        [](Statement&) {},
        [](const Statement& s) {
            return Unprovisioned{
                s.column_int(0),
                {s.column_text(1), flow_from_name(s.column_text(2)).value_or(Flow::Second),
                 category_from_name(s.column_text(3)).value_or(Category::Pupil), s.column_text(4)},
                s.column_text(5),
                s.column_text(6)};
        });
}

Result<bool> SqliteAccountStore::login_taken(const std::string& login) {
    auto prepared = m_statements.get("SELECT 1 FROM account WHERE login = ?1");
    if (!prepared)
        return failed(prepared);
    Statement& statement = **prepared;
    statement.bind(1, login);
    auto row = statement.step();
    if (!row)
        return failed(row);
    statement.reset();
    return *row;
}

Result<void> SqliteAccountStore::insert_accounts(std::span<const Account> accounts) {
    constexpr int k_rows_per_insert = 256;
    auto insert = BatchedInsert::prepare(m_db,
                                         "INSERT INTO account (object, login, activation_code, "
                                         "code_drawn_at, created_at) VALUES",
                                         5, k_rows_per_insert);
    if (!insert)
        return failed(insert);
    for (const auto& account : accounts) {
        insert->set(0, account.object)
            .set(1, account.login)
            .set(2, account.activation_code)
            .set(3, account.code_drawn_at)
            .set(4, account.created_at);
        if (auto done = insert->end_row(); !done)
            return done;
    }
    return insert->flush();
}

Result<std::optional<Account>> SqliteAccountStore::account(std::int64_t object) {
    auto rows = collect<Account>(
        m_statements,
        "SELECT object, login, activation_code, code_drawn_at, created_at FROM account "
        "WHERE object = ?1",
        [&](Statement& s) { s.bind(1, object); },
        [](const Statement& s) {
            return Account{s.column_int(0), s.column_text(1), s.column_text(2), s.column_text(3),
                           s.column_text(4)};
        });
    if (!rows)
        return failed(rows);
    if (rows->empty())
        return std::optional<Account>{};
    return std::optional<Account>{std::move(rows->front())};
}

Result<std::optional<std::string>> SqliteAccountStore::login_of(const ObjectKey& key) {
    auto rows = collect<std::string>(
        m_statements,
        "SELECT a.login FROM object o JOIN account a ON a.object = o.rowid WHERE o.source = ?1 "
        "AND o.flow = ?2 AND o.category = ?3 AND o.id = ?4",
        [&](Statement& s) {
            s.bind(1, key.source)
                .bind(2, flow_name(key.flow))
                .bind(3, category_name(key.category))
                .bind(4, key.id);
        },
        [](const Statement& s) { return s.column_text(0); });
    if (!rows)
        return failed(rows);
    if (rows->empty())
        return std::optional<std::string>{};
    return std::optional<std::string>{rows->front()};
}

Result<void> SqliteAccountStore::set_activation_code(std::int64_t object, const std::string& code,
                                                     const std::string& at) {
    return execute(m_statements,
                   "UPDATE account SET activation_code = ?2, code_drawn_at = ?3 WHERE object = ?1",
                   [&](Statement& s) { s.bind(1, object).bind(2, code).bind(3, at); });
}

Result<std::uint64_t> SqliteAccountStore::count_accounts() {
    auto rows = collect<std::int64_t>(
        m_statements, "SELECT count(*) FROM account", [](Statement&) {},
        [](const Statement& s) { return s.column_int(0); });
    if (!rows)
        return failed(rows);
    return static_cast<std::uint64_t>(rows->front());
}

Result<std::optional<StoredObject>> SqliteAccountStore::object(std::int64_t rowid) {
    auto prepared = m_statements.get("SELECT " + std::string(k_object_columns) +
                                     " FROM object WHERE rowid = ?1");
    if (!prepared)
        return failed(prepared);
    Statement& statement = **prepared;
    statement.bind(1, rowid);
    auto objects = read_object_rows(statement);
    if (!objects)
        return failed(objects);
    if (objects->empty())
        return std::optional<StoredObject>{};
    return std::optional<StoredObject>{std::move(objects->front())};
}

Result<void> SqliteAccountStore::for_each_person(std::span<const std::int64_t> rowids,
                                                 const PersonVisitor& visit) {
    auto prepared = m_statements.get(
        "SELECT " + object_columns_of("o") +
        ", a.login, a.activation_code, a.code_drawn_at, a.created_at FROM object o LEFT JOIN "
        "account a ON a.object = o.rowid WHERE o.rowid >= ?1 ORDER BY o.rowid");
    if (!prepared)
        return failed(prepared);
    Statement& statement = **prepared;
    constexpr int login = 14; // the account's first column, after k_object_columns
    ForwardCursor cursor(statement);
    for (auto rowid : rowids) {
        auto found = cursor.seek(rowid);
        if (!found)
            return failed(found);
        std::optional<PersonRow> person;
        if (*found) {
            auto object = read_object_row(statement);
            if (!object)
                return failed(object);
            person = PersonRow{std::move(*object), std::nullopt};
            if (!statement.column_is_null(login))
                person->account =
                    Account{rowid, statement.column_text(login), statement.column_text(login + 1),
                            statement.column_text(login + 2), statement.column_text(login + 3)};
        }
        if (auto done = visit(rowid, person); !done)
            return done;
    }
    return {};
}

Result<std::optional<State>> SqliteAccountStore::object_state(std::int64_t rowid) {
    auto rows = collect<std::string>(
        m_statements, "SELECT state FROM object WHERE rowid = ?1",
        [&](Statement& s) { s.bind(1, rowid); },
        [](const Statement& s) { return s.column_text(0); });
    if (!rows)
        return failed(rows);
    if (rows->empty())
        return std::optional<State>{};
    return state_from_name(rows->front());
}

Result<void> SqliteAccountStore::for_each_state(std::span<const std::int64_t> rowids,
                                                const StateVisitor& visit) {
    auto prepared =
        m_statements.get("SELECT rowid, state FROM object WHERE rowid >= ?1 ORDER BY rowid");
    if (!prepared)
        return failed(prepared);
    ForwardCursor cursor(**prepared);
    for (auto rowid : rowids) {
        auto found = cursor.seek(rowid);
        if (!found)
            return failed(found);
        auto state = *found ? state_from_name((*prepared)->column_text(1)) : std::nullopt;
        if (auto done = visit(rowid, state); !done)
            return done;
    }
    return {};
}

Result<std::vector<StoredObject>> SqliteAccountStore::objects_with_id(const std::string& source,
                                                                      Category category,
                                                                      const std::string& id) {
    auto prepared = m_statements.get(
        "SELECT " + std::string(k_object_columns) +
        " FROM object WHERE source = ?1 AND flow IN ('1D', '2D') AND category = ?2 "
        "AND id = ?3 "
        "ORDER BY rowid");
    if (!prepared)
        return failed(prepared);
    Statement& statement = **prepared;
    statement.bind(1, source).bind(2, category_name(category)).bind(3, id);
    return read_object_rows(statement);
}

namespace {

StructureRow read_structure(const Statement& s) {
    return {s.column_int(0), s.column_text(1), s.column_text(2), s.column_text(3),
            s.column_text(4)};
}

constexpr std::string_view k_structure_select =
    "SELECT rowid, source, id, ifnull(uai, ''), ifnull(label, '') FROM object WHERE category = "
    "'EtabEducNat' AND state != 'deleted' AND ";

} // namespace

Result<std::vector<StructureRow>>
SqliteAccountStore::structures_with_uai(const std::vector<std::string>& uais) {
    std::vector<StructureRow> all;
    for (const auto& uai : uais) {
        auto rows = collect<StructureRow>(
            m_statements, std::string(k_structure_select) + "uai = ?1 ORDER BY rowid",
            [&](Statement& s) { s.bind(1, uai); }, read_structure);
        if (!rows)
            return failed(rows);
        all.insert(all.end(), rows->begin(), rows->end());
    }
    return all;
}

Result<std::vector<StructureRow>> SqliteAccountStore::structures_of(const std::string& source) {
    return collect<StructureRow>(
        m_statements, std::string(k_structure_select) + "source = ?1 ORDER BY rowid",
        [&](Statement& s) { s.bind(1, source); }, read_structure);
}

Result<std::vector<std::pair<std::int64_t, Category>>>
SqliteAccountStore::attached_to(const std::string& source, const std::string& structure_id) {
    return collect<std::pair<std::int64_t, Category>>(
        m_statements,
        "SELECT DISTINCT o.rowid, o.category FROM reference r JOIN object o ON o.rowid = "
        "r.object WHERE r.kind = 'structure' AND r.target = ?2 AND o.source = ?1",
        [&](Statement& s) { s.bind(1, source).bind(2, structure_id); },
        [](const Statement& s) {
            return std::pair{s.column_int(0),
                             category_from_name(s.column_text(1)).value_or(Category::Pupil)};
        });
}

namespace {

// A LinkedPupil from a row of (rowid, id, link detail, login).
LinkedPupil linked_pupil(const Statement& s) {
    return LinkedPupil{s.column_int(0), s.column_text(1), s.column_text(2), s.column_text(3)};
}

} // namespace

Result<std::vector<LinkedPupil>>
SqliteAccountStore::active_pupils_with_id(const std::string& source, const std::string& id) {
    return collect<LinkedPupil>(
        m_statements,
        "SELECT o.rowid, o.id, '', ifnull(a.login, '') FROM object o LEFT JOIN account a ON "
        "a.object = o.rowid WHERE o.source = ?1 AND o.flow IN ('1D', '2D') AND o.category = "
        "'Eleve' AND o.id = ?2 AND o.state = 'active' ORDER BY o.rowid",
        [&](Statement& s) { s.bind(1, source).bind(2, id); }, linked_pupil);
}

Result<std::vector<LinkedPupil>> SqliteAccountStore::pupils_of_relative(const std::string& source,
                                                                        const std::string& id) {
    return collect<LinkedPupil>(
        m_statements,
        "SELECT o.rowid, o.id, r.detail, ifnull(a.login, '') FROM reference r JOIN object o ON "
        "o.rowid = r.object LEFT JOIN account a ON a.object = o.rowid WHERE r.kind = 'relative' "
        "AND r.target = ?2 AND o.source = ?1 AND o.state = 'active' ORDER BY o.rowid",
        [&](Statement& s) { s.bind(1, source).bind(2, id); }, linked_pupil);
}

Result<std::vector<std::int64_t>> SqliteAccountStore::relatives_through_pupils(
    const std::string& source, const std::string& structure_id, bool persons_in_charge) {
    return collect<std::int64_t>(
        m_statements,
        "SELECT DISTINCT rel.rowid FROM reference s JOIN object p ON p.rowid = s.object AND "
        "p.source = ?1 AND p.category = 'Eleve' AND p.state != 'deleted' JOIN reference r ON "
        "r.kind = 'relative' AND r.object = p.rowid AND (r.detail = '1' OR (?3 AND r.detail = "
        "'2')) JOIN object rel ON rel.source = p.source AND rel.flow = p.flow AND rel.category = "
        "'PersRelEleve' AND rel.id = r.target WHERE s.kind = 'structure' AND s.target = ?2",
        [&](Statement& s) {
            s.bind(1, source).bind(2, structure_id).bind(3, std::int64_t{persons_in_charge});
        },
        [](const Statement& s) { return s.column_int(0); });
}

Result<std::int64_t> SqliteAccountStore::last_journal_seq() {
    auto rows = collect<std::int64_t>(
        m_statements, "SELECT ifnull(max(seq), 0) FROM journal", [](Statement&) {},
        [](const Statement& s) { return s.column_int(0); });
    if (!rows)
        return failed(rows);
    return rows->front();
}

Result<std::vector<JournalEntry>> SqliteAccountStore::journal_of(std::int64_t object) {
    return collect<JournalEntry>(
        m_statements,
        "SELECT seq, ifnull(set_id, 0), op, fields, at FROM journal WHERE object = ?1 ORDER BY seq",
        [&](Statement& s) { s.bind(1, object); },
        [&](const Statement& s) {
            JournalEntry entry;
            entry.seq = s.column_int(0);
            entry.set_id = s.column_int(1);
            entry.object = object;
            for (auto op : {JournalOp::Create, JournalOp::Update, JournalOp::Restore,
                            JournalOp::Disappear, JournalOp::Delete, JournalOp::Mark})
                if (journal_op_name(op) == s.column_text(2))
                    entry.op = op;
            entry.fields = journal_fields_from_json(s.column_text(3));
            entry.at = s.column_text(4);
            return entry;
        });
}

Result<std::int64_t> SqliteAccountStore::append_journal(const StoredObject& object, JournalOp op,
                                                        const std::vector<std::string>& fields,
                                                        const std::string& at) {
    return insert_journal_row(m_db, {0, 0, object.rowid, object.key, op, fields, at});
}

Result<std::int64_t> SqliteAccountStore::append_mark(const std::string& provider,
                                                     const std::string& at) {
    StoredObject none;
    none.key.id = provider;
    return append_journal(none, JournalOp::Mark, {"feed"}, at);
}

Result<void> SqliteAccountStore::for_each_journal(std::int64_t after, std::int64_t upto,
                                                  const JournalVisitor& visit) {
    auto statement = m_db.prepare(
        "SELECT seq, object, op, fields FROM journal WHERE seq > ?1 AND seq <= ?2 ORDER BY seq");
    if (!statement)
        return failed(statement);
    statement->bind(1, after).bind(2, upto);
    return statement->for_each_row([&] {
        visit(statement->column_int(0), statement->column_int(1), statement->column_text(2),
              statement->column_text(3));
    });
}

Result<std::int64_t> SqliteAccountStore::cursor(const std::string& provider) {
    auto rows = collect<std::int64_t>(
        m_statements, "SELECT cursor FROM provider_state WHERE provider = ?1",
        [&](Statement& s) { s.bind(1, provider); },
        [](const Statement& s) { return s.column_int(0); });
    if (!rows)
        return failed(rows);
    return rows->empty() ? 0 : rows->front();
}

Result<void> SqliteAccountStore::set_cursor(const std::string& provider, std::int64_t cursor) {
    return execute(
        m_statements,
        "INSERT INTO provider_state (provider, cursor) VALUES (?1, ?2) ON CONFLICT (provider) "
        "DO UPDATE SET cursor = excluded.cursor",
        [&](Statement& s) { s.bind(1, provider).bind(2, cursor); });
}

Result<std::optional<std::string>> SqliteAccountStore::closed_at(const std::string& provider) {
    auto rows = collect<std::string>(
        m_statements,
        "SELECT closed_at FROM provider_state WHERE provider = ?1 AND closed_at IS NOT NULL",
        [&](Statement& s) { s.bind(1, provider); },
        [](const Statement& s) { return s.column_text(0); });
    if (!rows)
        return failed(rows);
    if (rows->empty())
        return std::optional<std::string>{};
    return std::optional<std::string>{rows->front()};
}

Result<void> SqliteAccountStore::set_closed(const std::string& provider, const std::string& at) {
    return execute(
        m_statements,
        "INSERT INTO provider_state (provider, closed_at) VALUES (?1, ?2) ON CONFLICT (provider) "
        "DO UPDATE SET closed_at = excluded.closed_at",
        [&](Statement& s) { s.bind(1, provider).bind(2, at); });
}

Result<std::unordered_map<std::int64_t, MemberState>>
SqliteAccountStore::members(const std::string& provider) {
    auto statement = m_db.prepare("SELECT object, state FROM provider_member WHERE provider = ?1");
    if (!statement)
        return failed(statement);
    statement->bind(1, provider);
    std::unordered_map<std::int64_t, MemberState> members;
    auto done = statement->for_each_row([&] {
        members.emplace(statement->column_int(0),
                        member_state_from_name(statement->column_text(1)));
    });
    if (!done)
        return failed(done);
    return members;
}

Result<void> SqliteAccountStore::record_member(const Membership& m) {
    return execute(
        m_statements,
        "INSERT INTO provider_member (provider, object, state, first_seq, first_at, last_seq, "
        "last_op, last_at) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6, ?5) ON CONFLICT (provider, object) "
        "DO UPDATE SET state = excluded.state, last_seq = excluded.last_seq, last_op = "
        "excluded.last_op, last_at = excluded.last_at, first_seq = CASE WHEN state = 'deleted' "
        "THEN excluded.first_seq ELSE first_seq END, first_at = CASE WHEN state = 'deleted' THEN "
        "excluded.first_at ELSE first_at END",
        [&](Statement& s) {
            s.bind(1, m.provider)
                .bind(2, m.object)
                .bind(3, member_state_name(m.state))
                .bind(4, m.last_seq)
                .bind(5, m.last_at)
                .bind(6, m.last_op);
        });
}

Result<std::vector<Membership>> SqliteAccountStore::memberships_of(std::int64_t object) {
    return collect<Membership>(
        m_statements,
        "SELECT provider, object, state, first_seq, first_at, last_seq, last_op, last_at FROM "
        "provider_member WHERE object = ?1 ORDER BY provider",
        [&](Statement& s) { s.bind(1, object); },
        [](const Statement& s) {
            return Membership{
                s.column_text(0), s.column_int(1),  member_state_from_name(s.column_text(2)),
                s.column_int(3),  s.column_text(4), s.column_int(5),
                s.column_text(6), s.column_text(7)};
        });
}

Result<std::int64_t> SqliteAccountStore::insert_batch(const FeedBatch& b) {
    auto statement = m_db.prepare(
        "INSERT INTO feed_batch (provider, kind, first_seq, last_seq, file, sha256, lines, "
        "built_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!statement)
        return failed(statement);
    statement->bind(1, b.provider)
        .bind(2, feed_batch_kind_name(b.kind))
        .bind(3, b.first_seq)
        .bind(4, b.last_seq)
        .bind(5, b.file)
        .bind(6, b.sha256)
        .bind(7, static_cast<std::int64_t>(b.lines))
        .bind(8, b.built_at);
    if (auto done = statement->run(); !done)
        return failed(done);
    return m_db.last_insert_rowid();
}

Result<std::vector<FeedBatch>> SqliteAccountStore::pending_batches(const std::string& provider) {
    return collect<FeedBatch>(
        m_statements,
        "SELECT " + std::string(k_batch_columns) +
            " FROM feed_batch WHERE provider = ?1 AND delivered_at IS NULL ORDER BY id",
        [&](Statement& s) { s.bind(1, provider); }, read_batch);
}

Result<std::optional<FeedBatch>> SqliteAccountStore::last_batch(const std::string& provider) {
    auto rows = collect<FeedBatch>(
        m_statements,
        "SELECT " + std::string(k_batch_columns) +
            " FROM feed_batch WHERE provider = ?1 ORDER BY id DESC LIMIT 1",
        [&](Statement& s) { s.bind(1, provider); }, read_batch);
    if (!rows)
        return failed(rows);
    if (rows->empty())
        return std::optional<FeedBatch>{};
    return std::optional<FeedBatch>{rows->front()};
}

Result<void> SqliteAccountStore::mark_delivered(std::int64_t batch, const std::string& at) {
    return execute(m_statements, "UPDATE feed_batch SET delivered_at = ?2 WHERE id = ?1",
                   [&](Statement& s) { s.bind(1, batch).bind(2, at); });
}

Result<std::vector<ObjectKey>> SqliteAccountStore::purge_deleted(const std::string& cutoff) {
    auto keys = collect<std::pair<std::int64_t, ObjectKey>>(
        m_statements,
        "SELECT o.rowid, o.source, o.flow, o.category, o.id FROM object o WHERE o.state = "
        "'deleted' AND o.state_since < ?1 AND NOT EXISTS (SELECT 1 FROM provider_member m WHERE "
        "m.object = o.rowid AND m.state != 'deleted') ORDER BY o.rowid",
        [&](Statement& s) { s.bind(1, cutoff); },
        [](const Statement& s) {
            return std::pair{
                s.column_int(0),
                ObjectKey{s.column_text(1), flow_from_name(s.column_text(2)).value_or(Flow::Second),
                          category_from_name(s.column_text(3)).value_or(Category::Pupil),
                          s.column_text(4)}};
        });
    if (!keys)
        return failed(keys);
    std::vector<ObjectKey> purged;
    for (const auto& [rowid, key] : *keys) {
        for (auto sql : {"DELETE FROM provider_member WHERE object = ?1",
                         "DELETE FROM account WHERE object = ?1"})
            if (auto done = execute(m_statements, sql, [&](Statement& s) { s.bind(1, rowid); });
                !done)
                return failed(done);
        if (auto done = delete_object(m_db, rowid); !done)
            return failed(done);
        purged.push_back(key);
    }
    return purged;
}

} // namespace aafd::sync
