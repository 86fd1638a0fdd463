// Saving and reading the audit heads of applied sets.
#include "sync/store/audit_heads.hpp"

#include "sync/store/sqlite.hpp"

namespace aafd::sync {

Result<void> save_set_audit_head(const std::string& store_path, const SetAuditHead& head) {
    auto db = Database::open(store_path, OpenMode::ReadWrite);
    if (!db)
        return std::unexpected(db.error());
    auto insert = db->prepare(
        "INSERT OR REPLACE INTO audit_head (set_id, seq, hash, time) VALUES (?1, ?2, ?3, ?4)");
    if (!insert)
        return std::unexpected(insert.error());
    return insert->bind(1, head.set_id)
        .bind(2, static_cast<std::int64_t>(head.seq))
        .bind(3, head.hash)
        .bind(4, head.time)
        .run();
}

Result<std::vector<SetAuditHead>> load_set_audit_heads(const std::string& store_path) {
    auto db = Database::open(store_path, OpenMode::ReadOnly);
    if (!db)
        return std::unexpected(db.error());
    std::vector<SetAuditHead> heads;
    auto table = db->prepare("SELECT 1 FROM sqlite_master WHERE name = 'audit_head'");
    if (!table)
        return std::unexpected(table.error());
    auto found = table->step();
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return heads;
    auto query = db->prepare("SELECT set_id, seq, hash, time FROM audit_head ORDER BY set_id");
    if (!query)
        return std::unexpected(query.error());
    auto read = query->for_each_row([&] {
        heads.push_back({query->column_int(0), static_cast<std::uint64_t>(query->column_int(1)),
                         query->column_text(2), query->column_text(3)});
    });
    if (!read)
        return std::unexpected(read.error());
    return heads;
}

} // namespace aafd::sync
