// SqliteStore, objects, links and the journal: the look-ups of the diff (by the hint of
// the next rowid, or the key) and the writes of apply_changes.
#include "sync/store/object_writes.hpp"
#include "sync/store/sqlite_store_impl.hpp"

namespace aafd::sync {
namespace {

// The attributes' JSON: made ahead, or made now into `made`.
std::string_view json_of(const ObjectWrite& write, std::string& made) {
    if (!write.json.empty())
        return write.json;
    made = attributes_to_json(write.attributes);
    return made;
}

} // namespace

Result<std::optional<StoredDigest>> SqliteStore::find(const ObjectKey& key) {
    if (m_db.in_transaction()) {
        auto group = group_of(key);
        if (!group)
            return failed(group);
        if ((*group)->fresh)
            return digest_at((*group)->inserted.candidate(key.id), key);
    }
    if (auto done = indexed(); !done)
        return failed(done);
    ++m_finds;
    if (m_hint_misses < 8 || m_finds % 64 == 0) {
        auto hinted = find_by_hint(key);
        if (!hinted || *hinted)
            return hinted;
    }
    return find_by_key(key);
}

// The object at `rowid`, if it has that key (none for rowid 0).
Result<std::optional<StoredDigest>> SqliteStore::digest_at(std::int64_t rowid,
                                                           const ObjectKey& key) {
    if (rowid == 0)
        return std::optional<StoredDigest>{};
    if (auto done = write_kept_rows(); !done)
        return failed(done);
    m_find_by_rowid.bind(1, rowid);
    auto row = m_find_by_rowid.step();
    if (!row)
        return failed(row);
    if (!*row)
        return std::optional<StoredDigest>{};
    const Statement& s = m_find_by_rowid;
    bool same = s.column_view(3) == key.id && s.column_view(2) == category_name(key.category) &&
                s.column_view(1) == flow_name(key.flow) && s.column_view(0) == key.source;
    std::optional<StoredDigest> digest;
    if (same)
        digest = StoredDigest{rowid, static_cast<std::uint64_t>(s.column_int(4)),
                              state_from_name(s.column_view(5)).value_or(State::Active)};
    m_find_by_rowid.reset();
    return digest;
}

// The object at m_next_rowid, if it has that key.
Result<std::optional<StoredDigest>> SqliteStore::find_by_hint(const ObjectKey& key) {
    if (m_next_rowid == 0)
        return std::optional<StoredDigest>{};
    auto digest = digest_at(m_next_rowid, key);
    if (!digest)
        return digest;
    if (*digest) {
        ++m_next_rowid;
        m_hint_misses = 0;
    } else {
        ++m_hint_misses;
    }
    return digest;
}

Result<std::optional<StoredDigest>> SqliteStore::find_by_key(const ObjectKey& key) {
    m_find.bind_view(1, key.source).bind_view(2, flow_name(key.flow));
    m_find.bind_view(3, category_name(key.category)).bind_view(4, key.id);
    auto row = m_find.step();
    if (!row)
        return failed(row);
    if (!*row)
        return std::optional<StoredDigest>{};
    StoredDigest digest{m_find.column_int(0), static_cast<std::uint64_t>(m_find.column_int(1)),
                        state_from_name(m_find.column_view(2)).value_or(State::Active)};
    m_find.reset();
    m_next_rowid = digest.rowid + 1;
    return std::optional<StoredDigest>{digest};
}

Result<Attributes> SqliteStore::load_attributes(std::int64_t rowid) {
    if (auto done = write_kept_rows(); !done)
        return failed(done);
    m_load_attributes.bind(1, rowid);
    auto row = m_load_attributes.step();
    if (!row)
        return failed(row);
    if (!*row)
        return fail(ErrorCode::Internal, "no object with rowid " + std::to_string(rowid));
    auto text = m_load_attributes.column_text(0);
    m_load_attributes.reset();
    return attributes_from_json(text);
}

Result<void> SqliteStore::write_links(std::int64_t rowid, const Entity& entity) {
    for (const auto& link : backward_links(entity)) {
        m_new_links.set(0, rowid).set(1, link_kind_name(link.kind)).set(2, link.target);
        m_new_links.set(3, link.code).set(4, link.detail);
        if (auto done = m_new_links.end_row(); !done)
            return done;
    }
    return kept_unless_in_transaction();
}

Result<std::int64_t> SqliteStore::insert_object(const ObjectKey& key, const ObjectWrite& write) {
    Group* group = nullptr; // looked up before the insert: it may make the group fresh
    if (m_db.in_transaction()) {
        auto found = group_of(key);
        if (!found)
            return failed(found);
        group = *found;
    }
    auto next = next_insert_rowid();
    if (!next)
        return next;
    const std::int64_t rowid = *next;
    const Entity& e = write.entity;
    std::string made;
    BatchedInsert& row = m_new_objects;
    row.set(0, rowid).set(1, key.source).set(2, flow_name(key.flow));
    row.set(3, category_name(key.category)).set(4, key.id);
    row.set(5, static_cast<std::int64_t>(write.hash)).set(6, json_of(write, made));
    row.set_optional(7, e.last_name).set_optional(8, e.first_name);
    row.set_optional(9, e.birth_date).set_optional(10, e.ine);
    row.set_optional(11, e.uai).set_optional(12, e.label);
    row.set(13, write.set_id).set(14, write.set_id);
    if (auto done = row.end_row(); !done)
        return failed(done);
    if (group && group->fresh)
        group->inserted.add(key.id, rowid);
    if (auto done = write_links(rowid, e); !done)
        return failed(done);
    return rowid;
}

Result<void> SqliteStore::update_object(std::int64_t rowid, const ObjectWrite& write) {
    if (auto done = write_kept_rows(); !done)
        return done;
    const Entity& e = write.entity;
    m_update.bind(1, rowid).bind(2, static_cast<std::int64_t>(write.hash));
    std::string made;
    m_update.bind_view(3, json_of(write, made));
    m_update.bind_optional(4, e.last_name).bind_optional(5, e.first_name);
    m_update.bind_optional(6, e.birth_date).bind_optional(7, e.ine);
    m_update.bind_optional(8, e.uai).bind_optional(9, e.label).bind(10, write.set_id);
    if (auto done = m_update.run(); !done)
        return done;
    if (auto done = m_delete_links.bind(1, rowid).run(); !done)
        return done;
    return write_links(rowid, e);
}

Result<void> SqliteStore::set_state(std::int64_t rowid, State state, const std::string& since) {
    if (auto done = write_kept_rows(); !done)
        return done;
    m_set_state.bind(1, rowid).bind(2, state_name(state)).bind_optional(3, since);
    return m_set_state.run();
}

Result<void> SqliteStore::append_journal(const JournalEntry& entry) {
    if (auto done = keep_journal_row(m_new_journal, entry); !done)
        return done;
    return kept_unless_in_transaction();
}

} // namespace aafd::sync
