// Reads rows of one table by rowid through one statement kept open, for callers that ask
// for many rowids mostly in ascending order (a feed's people): a rowid a little ahead of
// the current row is reached by stepping the statement, as a scan does; one behind it or
// far ahead by a new seek. SQLite keeps its B-tree cursor between steps, so a walk over
// nearby rows costs a step each instead of a descent from the root.
#pragma once

#include <cstdint>

#include "sync/store/sqlite.hpp"

namespace aafd::sync {

class ForwardCursor {
public:
    // `statement` selects the rowid as its column 0, with `WHERE rowid >= ?1 ORDER BY
    // rowid`. It outlives the cursor, which resets it when done.
    explicit ForwardCursor(Statement& statement) : m_statement(&statement) {}
    ~ForwardCursor() { m_statement->reset(); }
    ForwardCursor(const ForwardCursor&) = delete;
    ForwardCursor& operator=(const ForwardCursor&) = delete;

    // Places the statement on the row of `rowid`: true when the table has one, whose
    // columns are then read from the statement.
    Result<bool> seek(std::int64_t rowid);

private:
    Result<void> seek_from_root(std::int64_t rowid);
    Result<void> advance();

    Statement* m_statement;
    bool m_on_row = false; // the statement stands on a row, m_at
    std::int64_t m_at = 0;
};

} // namespace aafd::sync
