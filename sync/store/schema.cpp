// Migration 1 creates the store. Never edit a shipped migration: add the next one.
#include "sync/store/schema.hpp"

#include <array>
#include <string>

#include "sync/store/accounts_schema.hpp"

namespace aafd::sync {
namespace {

constexpr std::string_view k_migration_1 = R"sql(
CREATE TABLE object (
    rowid INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    flow TEXT NOT NULL,
    category TEXT NOT NULL,
    id TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disappeared', 'deleted')),
    state_since TEXT,
    hash INTEGER NOT NULL,
    attributes TEXT NOT NULL,
    last_name TEXT,
    first_name TEXT,
    birth_date TEXT,
    ine TEXT,
    uai TEXT,
    label TEXT,
    created_set INTEGER,
    updated_set INTEGER
);
CREATE UNIQUE INDEX object_key ON object (source, flow, category, id);
CREATE INDEX object_by_uai ON object (uai) WHERE uai IS NOT NULL;
CREATE INDEX object_by_set ON object (updated_set);
CREATE INDEX object_by_state ON object (source, flow, category, state);

-- The links that are looked up backwards: the structures a person is attached to (by
-- rattachement, class, group or function) and the relatives a pupil names. Links
-- forwards are read from the attributes themselves.
CREATE TABLE reference (
    kind TEXT NOT NULL CHECK (kind IN ('structure', 'relative')),
    target TEXT NOT NULL,
    object INTEGER NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, target, object, code)
) WITHOUT ROWID;
CREATE INDEX reference_by_object ON reference (object);

CREATE TABLE applied_set (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    flow TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    digest TEXT NOT NULL,
    forced INTEGER NOT NULL DEFAULT 0,
    incomplete INTEGER NOT NULL DEFAULT 0,
    records INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    restored INTEGER NOT NULL DEFAULT 0,
    disappeared INTEGER NOT NULL DEFAULT 0,
    upserts INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX applied_set_by_flow ON applied_set (source, flow, kind, date);
CREATE INDEX applied_set_by_digest ON applied_set (source, digest);

CREATE TABLE applied_file (
    set_id INTEGER NOT NULL REFERENCES applied_set (id),
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    category TEXT NOT NULL,
    chunk INTEGER NOT NULL,
    records INTEGER NOT NULL
);
CREATE INDEX applied_file_by_set ON applied_file (set_id);

CREATE TABLE journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    set_id INTEGER,
    at TEXT NOT NULL,
    object INTEGER NOT NULL,
    source TEXT NOT NULL,
    flow TEXT NOT NULL,
    category TEXT NOT NULL,
    id TEXT NOT NULL,
    op TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '[]'
);
)sql";

// Migrations 2 and 3 were reserved, and shipped empty, in aafd 0.1.0.
constexpr std::string_view k_reserved_migration = "SELECT 1;";

// Migration 5: the objects a set wrote, with their source and flow, so that counting
// their dangling references reads no table row.
constexpr std::string_view k_migration_5 = R"sql(
DROP INDEX object_by_set;
CREATE INDEX object_by_set ON object (updated_set, source, flow);
)sql";

// Migration 6: the operator's decisions on spooled sets (sync/store/spool_decisions.hpp).
constexpr std::string_view k_migration_6 = R"sql(
CREATE TABLE spool_decision (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    set_label TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'skip')),
    files TEXT NOT NULL,
    actor TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX spool_decision_by_source ON spool_decision (source, id);
)sql";

// Migration 7: the audit trail's head as each applied set left it (sync/store/audit_heads).
constexpr std::string_view k_migration_7 = R"sql(
CREATE TABLE audit_head (
    set_id INTEGER PRIMARY KEY REFERENCES applied_set (id),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    time TEXT NOT NULL
);
)sql";

// Migration 8: a set applied that should not have been (dated in the future) can be
// retracted: ordering and repeats no longer count it.
constexpr std::string_view k_migration_8 = R"sql(
ALTER TABLE applied_set ADD COLUMN retracted_at TEXT;
)sql";

// Migration 4 and later belong to the features whose tables they create.
constexpr std::array<std::string_view, 8> k_migrations{
    k_migration_1, k_reserved_migration, k_reserved_migration, k_accounts_migration,
    k_migration_5, k_migration_6,        k_migration_7,        k_migration_8};

Result<int> user_version(Database& db) {
    auto statement = db.prepare("PRAGMA user_version");
    if (!statement)
        return std::unexpected(statement.error());
    auto row = statement->step();
    if (!row)
        return std::unexpected(row.error());
    int version = static_cast<int>(statement->column_int(0));
    statement->reset();
    return version;
}

Result<void> apply_missing(Database& db, int from) {
    for (int version = from + 1; version <= current_schema_version(); ++version) {
        if (auto done = db.exec(k_migrations[static_cast<std::size_t>(version - 1)]); !done)
            return with_context(done.error(), "migration " + std::to_string(version));
    }
    return db.exec("PRAGMA user_version = " + std::to_string(current_schema_version()));
}

Result<void> refuse_newer(Database& db, int version) {
    if (version <= current_schema_version())
        return {};
    return fail(ErrorCode::Config, "store " + db.path() + " has schema version " +
                                       std::to_string(version) + ", newer than this aafd (" +
                                       std::to_string(current_schema_version()) + ")");
}

} // namespace

int current_schema_version() { return static_cast<int>(k_migrations.size()); }

Result<void> migrate(Database& db) {
    // Up to date: no write lock, so that opening never waits for another process's import.
    if (auto version = user_version(db); version && *version == current_schema_version())
        return {};
    auto begun = db.exec("BEGIN IMMEDIATE");
    if (!begun && begun.error().code == ErrorCode::Busy)
        return std::unexpected(store_locked(db.path(), "another aafd import?"));
    if (!begun)
        return begun;
    auto version = user_version(db);
    if (!version) {
        (void)db.exec("ROLLBACK");
        return std::unexpected(version.error());
    }
    if (auto newer = refuse_newer(db, *version); !newer) {
        (void)db.exec("ROLLBACK");
        return newer;
    }
    if (auto applied = apply_missing(db, *version); !applied) {
        (void)db.exec("ROLLBACK");
        return applied;
    }
    return db.exec("COMMIT");
}

Result<void> check_schema_readable(Database& db) {
    auto version = user_version(db);
    if (!version)
        return std::unexpected(version.error());
    if (*version == 0)
        return fail(ErrorCode::NoInput, "store " + db.path() +
                                            " holds no aafd schema yet (nothing imported: "
                                            "was the first import interrupted?)");
    if (*version < current_schema_version())
        return fail(ErrorCode::Config, "store " + db.path() + " has schema version " +
                                           std::to_string(*version) + ", older than this aafd (" +
                                           std::to_string(current_schema_version()) +
                                           "): the next aafd import migrates it");
    return refuse_newer(db, *version);
}

} // namespace aafd::sync
