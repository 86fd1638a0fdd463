// SqliteStore, the applied-set history: the sets and files recorded, and read back.
#include "sync/store/sqlite_store_impl.hpp"

namespace aafd::sync {

Result<std::int64_t> SqliteStore::begin_set(const AppliedSet& set) {
    auto statement = m_db.prepare(
        "INSERT INTO applied_set (source, flow, kind, date, applied_at, digest, forced, "
        "incomplete) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!statement)
        return failed(statement);
    statement->bind(1, set.source).bind(2, flow_name(set.flow)).bind(3, set_kind_name(set.kind));
    statement->bind(4, to_iso(set.date)).bind(5, set.applied_at).bind(6, set.digest);
    statement->bind(7, std::int64_t{set.forced}).bind(8, std::int64_t{set.incomplete});
    if (auto done = statement->run(); !done)
        return failed(done);
    const std::int64_t id = m_db.last_insert_rowid();
    if (m_fresh_flow && m_fresh_flow->source == set.source && m_fresh_flow->flow == set.flow)
        m_fresh_flow->set_id = id;
    return id;
}

Result<void> SqliteStore::finish_set(const AppliedSet& set) {
    auto update = m_db.prepare(
        "UPDATE applied_set SET records = ?2, created = ?3, updated = ?4, unchanged = ?5, "
        "restored = ?6, disappeared = ?7, upserts = ?8, warnings = ?9, duration_ms = ?10, "
        "digest = ?11 WHERE id = ?1");
    if (!update)
        return failed(update);
    const SetCounts& c = set.counts;
    update->bind(1, set.id).bind(2, static_cast<std::int64_t>(c.records));
    update->bind(3, static_cast<std::int64_t>(c.created))
        .bind(4, static_cast<std::int64_t>(c.updated));
    update->bind(5, static_cast<std::int64_t>(c.unchanged));
    update->bind(6, static_cast<std::int64_t>(c.restored));
    update->bind(7, static_cast<std::int64_t>(c.disappeared));
    update->bind(8, static_cast<std::int64_t>(c.upserts));
    update->bind(9, static_cast<std::int64_t>(c.warnings)).bind(10, set.duration_ms);
    update->bind(11, set.digest);
    if (auto done = update->run(); !done)
        return done;
    auto insert = m_db.prepare("INSERT INTO applied_file (set_id, name, size, sha256, category, "
                               "chunk, records) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert)
        return failed(insert);
    for (const auto& file : set.files) {
        insert->bind(1, set.id).bind(2, file.name).bind(3, static_cast<std::int64_t>(file.size));
        insert->bind(4, file.sha256).bind(5, category_name(file.category));
        insert->bind(6, std::int64_t{file.chunk}).bind(7, static_cast<std::int64_t>(file.records));
        if (auto done = insert->run(); !done)
            return done;
    }
    return {};
}

constexpr std::string_view k_set_columns =
    "id, source, flow, kind, date, applied_at, digest, forced, incomplete, records, created, "
    "updated, unchanged, restored, disappeared, upserts, warnings, duration_ms, retracted_at";

Result<std::vector<AppliedSet>> SqliteStore::read_sets(Statement& statement) {
    std::vector<AppliedSet> sets;
    auto done = statement.for_each_row([&] {
        AppliedSet set;
        set.id = statement.column_int(0);
        set.source = statement.column_text(1);
        set.flow = flow_from_name(statement.column_text(2)).value_or(Flow::Second);
        set.kind = set_kind_from_name(statement.column_text(3)).value_or(SetKind::Full);
        set.date = parse_iso_date(statement.column_text(4)).value_or(Date{});
        set.applied_at = statement.column_text(5);
        set.digest = statement.column_text(6);
        set.forced = statement.column_int(7) != 0;
        set.incomplete = statement.column_int(8) != 0;
        std::array<std::uint64_t*, 8> counts{&set.counts.records,  &set.counts.created,
                                             &set.counts.updated,  &set.counts.unchanged,
                                             &set.counts.restored, &set.counts.disappeared,
                                             &set.counts.upserts,  &set.counts.warnings};
        for (std::size_t i = 0; i < counts.size(); ++i)
            *counts[i] = static_cast<std::uint64_t>(statement.column_int(9 + static_cast<int>(i)));
        set.duration_ms = statement.column_int(17);
        set.retracted_at = statement.column_text(18);
        sets.push_back(std::move(set));
    });
    if (!done)
        return std::unexpected(done.error());
    return sets;
}

Result<std::optional<AppliedSet>> SqliteStore::last_set(const std::string& source, Flow flow,
                                                        SetKind kind) {
    auto statement =
        m_db.prepare("SELECT " + std::string(k_set_columns) +
                     " FROM applied_set WHERE source = ?1 AND flow = ?2 AND "
                     "kind = ?3 AND retracted_at IS NULL ORDER BY date DESC, id DESC LIMIT 1");
    if (!statement)
        return failed(statement);
    statement->bind(1, source).bind(2, flow_name(flow)).bind(3, set_kind_name(kind));
    auto sets = read_sets(*statement);
    if (!sets)
        return failed(sets);
    if (sets->empty())
        return std::optional<AppliedSet>{};
    return std::optional<AppliedSet>{std::move(sets->front())};
}

Result<std::vector<AppliedSet>> SqliteStore::sets_on(const std::string& source, Flow flow,
                                                     SetKind kind, Date date) {
    auto statement = m_db.prepare("SELECT " + std::string(k_set_columns) +
                                  " FROM applied_set WHERE source = ?1 AND flow = ?2 AND "
                                  "kind = ?3 AND date = ?4 AND retracted_at IS NULL ORDER BY id");
    if (!statement)
        return failed(statement);
    statement->bind(1, source).bind(2, flow_name(flow)).bind(3, set_kind_name(kind));
    statement->bind(4, to_iso(date));
    auto sets = read_sets(*statement);
    if (!sets)
        return sets;
    for (auto& set : *sets)
        if (auto files = files_of(set.id); files)
            set.files = std::move(*files);
        else
            return failed(files);
    return sets;
}

Result<std::vector<SetFile>> SqliteStore::files_of(std::int64_t set_id) {
    auto statement = m_db.prepare("SELECT name, size, sha256, category, chunk, records FROM "
                                  "applied_file WHERE set_id = ?1 ORDER BY rowid");
    if (!statement)
        return failed(statement);
    statement->bind(1, set_id);
    std::vector<SetFile> files;
    auto done = statement->for_each_row([&] {
        files.push_back({statement->column_text(0),
                         static_cast<std::uint64_t>(statement->column_int(1)),
                         statement->column_text(2),
                         category_from_name(statement->column_text(3)).value_or(Category::Pupil),
                         static_cast<unsigned>(statement->column_int(4)),
                         static_cast<std::uint64_t>(statement->column_int(5))});
    });
    if (!done)
        return std::unexpected(done.error());
    return files;
}

Result<std::vector<AppliedSet>> SqliteStore::list_sets(std::size_t limit) {
    auto statement = m_db.prepare("SELECT " + std::string(k_set_columns) +
                                  " FROM applied_set ORDER BY id DESC LIMIT ?1");
    if (!statement)
        return failed(statement);
    statement->bind(1, static_cast<std::int64_t>(limit));
    return read_sets(*statement);
}

Result<AppliedSet> SqliteStore::retract_set(std::int64_t id, const std::string& at) {
    auto select =
        m_db.prepare("SELECT " + std::string(k_set_columns) + " FROM applied_set WHERE id = ?1");
    if (!select)
        return failed(select);
    select->bind(1, id);
    auto sets = read_sets(*select);
    if (!sets)
        return failed(sets);
    if (sets->empty())
        return fail(ErrorCode::NotFound, "no applied set #" + std::to_string(id));
    AppliedSet set = std::move(sets->front());
    if (!set.retracted_at.empty())
        return fail(ErrorCode::BadInput, "set #" + std::to_string(id) +
                                             " was retracted already, at " + set.retracted_at);
    auto update = m_db.prepare("UPDATE applied_set SET retracted_at = ?2 WHERE id = ?1");
    if (!update)
        return failed(update);
    update->bind(1, id).bind(2, at);
    if (auto done = update->run(); !done)
        return failed(done);
    set.retracted_at = at;
    return set;
}

} // namespace aafd::sync
