// The multi-row INSERTs that write a store's new objects, references and journal rows:
// SqliteStore's, and the benchmark's that loads aafd's rows into aafd's schema alone
// (bench/aafd_schema_load), so that both write the same statements.
#pragma once

#include <string_view>

#include "sync/store/batched_insert.hpp"

namespace aafd::sync {

struct RowInsert {
    std::string_view head; // up to VALUES
    int columns;
};

inline constexpr RowInsert k_object_insert{
    "INSERT INTO object (rowid, source, flow, category, id, hash, attributes, last_name, "
    "first_name, birth_date, ine, uai, label, created_set, updated_set) VALUES",
    15};
inline constexpr RowInsert k_reference_insert{
    "INSERT OR IGNORE INTO reference (object, kind, target, code, detail) VALUES", 5};
inline constexpr RowInsert k_journal_insert{
    "INSERT INTO journal (set_id, at, object, source, flow, category, id, op, fields) VALUES", 9};

// Rows per multi-row INSERT (a bare load of 1.4 M objects with their references and
// journal: 15.7 s at 50, 12.7 s at 200); 15 columns × 256 stay far below SQLite's limit
// of 32766 parameters.
inline constexpr int k_rows_per_insert = 256;

inline Result<BatchedInsert> prepare_row_insert(Database& db, const RowInsert& insert) {
    return BatchedInsert::prepare(db, insert.head, insert.columns, k_rows_per_insert);
}

} // namespace aafd::sync
