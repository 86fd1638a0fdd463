// The journal row's columns (written and decoded) and the deletion of an object, for both writers
// of the store.
#include "sync/store/object_writes.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "sync/store/row_inserts.hpp"

namespace aafd::sync {
namespace {

std::string to_json_list(const std::vector<std::string>& items) {
    return items.empty() ? std::string("[]") : nlohmann::json(items).dump();
}

} // namespace

std::vector<std::string> journal_fields_from_json(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> items;
    if (parsed.is_array())
        for (const auto& item : parsed)
            if (item.is_string())
                items.push_back(item.get<std::string>());
    return items;
}

Result<void> keep_journal_row(BatchedInsert& rows, const JournalEntry& entry) {
    if (entry.set_id)
        rows.set(0, entry.set_id);
    else
        rows.set_null(0);
    rows.set(1, entry.at).set(2, entry.object).set(3, entry.key.source);
    rows.set(4, flow_name(entry.key.flow)).set(5, category_name(entry.key.category));
    rows.set(6, entry.key.id).set(7, journal_op_name(entry.op)).set(8, to_json_list(entry.fields));
    return rows.end_row();
}

Result<std::int64_t> insert_journal_row(Database& db, const JournalEntry& entry) {
    auto one = BatchedInsert::prepare(db, k_journal_insert.head, k_journal_insert.columns, 1);
    if (!one)
        return std::unexpected(one.error());
    if (auto done = keep_journal_row(*one, entry); !done) // one row: written at once
        return std::unexpected(done.error());
    return db.last_insert_rowid();
}

Result<void> delete_object(Database& db, std::int64_t rowid) {
    for (std::string_view sql : std::array<std::string_view, 2>{
             k_delete_references, "DELETE FROM object WHERE rowid = ?1"}) {
        auto statement = db.prepare(sql);
        if (!statement)
            return std::unexpected(statement.error());
        if (auto done = statement->bind(1, rowid).run(); !done)
            return done;
    }
    return {};
}

} // namespace aafd::sync
