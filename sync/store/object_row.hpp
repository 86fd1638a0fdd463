// How an object row of the store is read back: the columns to select and their decoding
// into a StoredObject (attributes parsed, links interpreted from them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sync/core/store.hpp"
#include "sync/store/sqlite.hpp"

namespace aafd::sync {

// Select these columns, in this order, for read_object_row.
inline constexpr std::string_view k_object_columns =
    "rowid, source, flow, category, id, state, state_since, attributes, last_name, "
    "first_name, birth_date, ine, uai, label";

// The same columns of the table `alias` of a join ("o" -> "o.rowid, o.source, ...").
std::string object_columns_of(std::string_view alias);
// Decodes the current row of `statement` (selected with k_object_columns).
Result<StoredObject> read_object_row(const Statement& statement);
// Steps through `statement` and decodes every row.
Result<std::vector<StoredObject>> read_object_rows(Statement& statement);

} // namespace aafd::sync
