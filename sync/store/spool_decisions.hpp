// The operator's decisions on the sets waiting in a source's spool (`aafd spool accept`
// and `aafd spool skip`): which set of which source, with which files, accepted or
// skipped, by whom and when. Kept in the store's spool_decision table (migration 6), on
// a connection of its own.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sync/store/sqlite.hpp"

namespace aafd::sync {

struct SpoolDecision {
    std::string source;
    std::string set;      // the set's label: "2D Complet 2025-09-07"
    std::string decision; // "accept" or "skip"
    std::string files;    // the set's file names, one a line
    std::string actor;    // who decided (sync/audit/actor.hpp)
    std::string at;       // ISO timestamp
    bool operator==(const SpoolDecision&) const = default;
};

class SpoolDecisions {
public:
    // Opens the store at `path`, which must be migrated already (open_sqlite_store).
    static Result<SpoolDecisions> open(const std::string& path);

    Result<void> record(const SpoolDecision& decision);
    // A source's decisions, oldest first.
    Result<std::vector<SpoolDecision>> of_source(const std::string& source);

private:
    explicit SpoolDecisions(Database db) : m_db(std::move(db)) {}
    Database m_db;
};

} // namespace aafd::sync
