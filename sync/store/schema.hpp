// The store's schema as numbered migrations. PRAGMA user_version holds the number of
// the last one applied; opening a store applies the missing ones in one transaction.
#pragma once

#include "sync/store/sqlite.hpp"

namespace aafd::sync {

// The schema version this build writes.
int current_schema_version();

// Brings the database up to current_schema_version(). A store written by a newer
// aafd (higher version) is refused with ErrorCode::Config.
Result<void> migrate(Database& db);

// For a connection that only reads: the store's schema is this build's. An empty database
// (a first import killed before its first commit) is ErrorCode::NoInput, an older schema
// (which the next import migrates) or a newer one ErrorCode::Config.
Result<void> check_schema_readable(Database& db);

} // namespace aafd::sync
