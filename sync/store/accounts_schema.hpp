// Migration 4: the tables of account provisioning and provider feeds. An account is
// created once per person object and never renamed; a provider's members are the
// accounts it holds; a batch is a built feed file, pending until delivered.
#pragma once

#include <string_view>

namespace aafd::sync {

inline constexpr std::string_view k_accounts_migration = R"sql(
CREATE TABLE account (
    object INTEGER PRIMARY KEY REFERENCES object (rowid) ON DELETE CASCADE,
    login TEXT NOT NULL UNIQUE,
    activation_code TEXT NOT NULL,
    code_drawn_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE provider_member (
    provider TEXT NOT NULL,
    object INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'deactivated', 'deleted')),
    first_seq INTEGER NOT NULL,
    first_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    last_op TEXT NOT NULL,
    last_at TEXT NOT NULL,
    PRIMARY KEY (provider, object)
) WITHOUT ROWID;
CREATE INDEX provider_member_by_object ON provider_member (object);

CREATE TABLE feed_batch (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('changes', 'snapshot', 'final')),
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    lines INTEGER NOT NULL,
    built_at TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX feed_batch_by_provider ON feed_batch (provider, delivered_at, id);

CREATE TABLE provider_state (
    provider TEXT PRIMARY KEY,
    cursor INTEGER NOT NULL DEFAULT 0,
    closed_at TEXT
);
)sql";

} // namespace aafd::sync
