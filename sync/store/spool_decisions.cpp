// The spool_decision table: written by `aafd spool accept|skip`, read by `spool list`.
#include "sync/store/spool_decisions.hpp"

namespace aafd::sync {

Result<SpoolDecisions> SpoolDecisions::open(const std::string& path) {
    auto db = Database::open(path, OpenMode::ReadWrite);
    if (!db)
        return std::unexpected(db.error());
    if (auto done = db->exec("PRAGMA busy_timeout = 5000"); !done)
        return with_context(done.error(), "store " + path);
    return SpoolDecisions(std::move(*db));
}

Result<void> SpoolDecisions::record(const SpoolDecision& decision) {
    auto statement = m_db.prepare("INSERT INTO spool_decision (source, set_label, decision, "
                                  "files, actor, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!statement)
        return std::unexpected(statement.error());
    statement->bind(1, decision.source)
        .bind(2, decision.set)
        .bind(3, decision.decision)
        .bind(4, decision.files)
        .bind(5, decision.actor)
        .bind(6, decision.at);
    return statement->run();
}

Result<std::vector<SpoolDecision>> SpoolDecisions::of_source(const std::string& source) {
    auto statement = m_db.prepare("SELECT source, set_label, decision, files, actor, decided_at "
                                  "FROM spool_decision WHERE source = ?1 ORDER BY id");
    if (!statement)
        return std::unexpected(statement.error());
    statement->bind(1, source);
    std::vector<SpoolDecision> decisions;
    auto read = statement->for_each_row([&] {
        decisions.push_back({statement->column_text(0), statement->column_text(1),
                             statement->column_text(2), statement->column_text(3),
                             statement->column_text(4), statement->column_text(5)});
    });
    if (!read)
        return std::unexpected(read.error());
    return decisions;
}

} // namespace aafd::sync
