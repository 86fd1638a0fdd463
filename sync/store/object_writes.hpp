// The writes of the object, reference and journal tables that both writers of the store
// make: SqliteStore (imports, maintenance) and SqliteAccountStore (feeds' marks, a reset
// activation code's entry, the RGPD purge). Their SQL lives here once, so that a journal
// row or an object's deletion is the same whichever writes it.
//
// Why shared statements and not new operations of the Store port: SqliteAccountStore has a
// connection of its own, and a feed's batch, its memberships and its Mark entry must commit
// together in that connection's transaction; a Store call would write on the other
// connection, outside it. So each writer runs these functions on its own connection, inside
// its own transaction, and the SQL is still written once, in the store room.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sync/core/store.hpp"
#include "sync/store/batched_insert.hpp"
#include "sync/store/sqlite.hpp"

namespace aafd::sync {

// Deletes an object's references (before they are written again, or with the object).
inline constexpr std::string_view k_delete_references = "DELETE FROM reference WHERE object = ?1";

// Keeps `entry` as the next row of `rows`, a BatchedInsert of k_journal_insert
// (sync/store/row_inserts.hpp); set_id 0 is written NULL, the fields as a JSON list.
Result<void> keep_journal_row(BatchedInsert& rows, const JournalEntry& entry);

// A journal row's fields column (a JSON list of strings) decoded; empty if malformed.
std::vector<std::string> journal_fields_from_json(const std::string& text);

// Appends one journal entry at once (in the connection's open transaction, if any);
// returns its seq.
Result<std::int64_t> insert_journal_row(Database& db, const JournalEntry& entry);

// Deletes the object at `rowid` and its references. Rows of other tables that name it
// (account, provider_member) are the caller's.
Result<void> delete_object(Database& db, std::int64_t rowid);

} // namespace aafd::sync
