// Rows for one table, kept until there are enough for one multi-row INSERT. SQLite keeps
// its cursors, and their place in the table and each index, from one row of a statement
// to the next; a statement per row descends every index from its root again. Measured on
// a 1M-pupil first import (objects, references, journal; same machine, same hour):
// 106.9 s one row per statement, 82.9 s 256 rows per statement.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sync/store/sqlite.hpp"

namespace aafd::sync {

class BatchedInsert {
public:
    // `head`: "INSERT INTO t (a, b) VALUES", for `columns` columns; `rows` per statement.
    static Result<BatchedInsert> prepare(Database& db, std::string_view head, int columns,
                                         int rows);
    BatchedInsert() = default;

    // The next row, column by column (0-based), then end_row(), which writes the kept
    // rows once there are `rows` of them.
    BatchedInsert& set(int column, std::int64_t value);
    BatchedInsert& set(int column, std::string_view text);
    BatchedInsert& set_null(int column);
    BatchedInsert& set_optional(int column, std::string_view text); // NULL when empty
    Result<void> end_row();

    Result<void> flush(); // writes the rows kept, one statement each
    void discard() noexcept { m_kept = 0; }
    bool empty() const { return m_kept == 0; }

private:
    struct Value {
        enum class Kind : std::uint8_t { Null, Integer, Text } kind = Kind::Null;
        std::int64_t integer = 0;
        std::string text; // its capacity is kept from one batch to the next
    };
    Value& next(int column) { return m_values[m_kept * m_columns + std::size_t(column)]; }
    void bind_row(Statement& statement, std::size_t row, int first_parameter);
    Result<void> write_all();

    std::string m_table;
    std::size_t m_columns = 0;
    std::size_t m_rows = 0;
    std::size_t m_kept = 0;
    std::vector<Value> m_values; // m_rows × m_columns
    Statement m_many;            // m_rows rows
    Statement m_one;
};

} // namespace aafd::sync
