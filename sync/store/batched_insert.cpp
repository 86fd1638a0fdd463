// Values kept by copy (the caller's buffers are gone by the time a batch is written),
// bound without a second copy.
#include "sync/store/batched_insert.hpp"

namespace aafd::sync {
namespace {

std::string values_sql(std::string_view head, std::size_t columns, std::size_t rows) {
    std::string sql(head);
    for (std::size_t row = 0; row < rows; ++row) {
        sql += row == 0 ? " (" : ", (";
        for (std::size_t column = 0; column < columns; ++column)
            sql += column == 0 ? "?" : ", ?";
        sql += ')';
    }
    return sql;
}

// "INSERT OR IGNORE INTO reference (…" → "reference", for error messages.
std::string table_of(std::string_view head) {
    auto into = head.find("INTO ");
    if (into == std::string_view::npos)
        return std::string(head);
    auto name = head.substr(into + 5);
    return std::string(name.substr(0, name.find(' ')));
}

} // namespace

Result<BatchedInsert> BatchedInsert::prepare(Database& db, std::string_view head, int columns,
                                             int rows) {
    BatchedInsert batch;
    batch.m_table = table_of(head);
    batch.m_columns = static_cast<std::size_t>(columns);
    batch.m_rows = static_cast<std::size_t>(rows);
    batch.m_values.resize(batch.m_columns * batch.m_rows);
    auto many = db.prepare(values_sql(head, batch.m_columns, batch.m_rows));
    if (!many)
        return std::unexpected(many.error());
    auto one = db.prepare(values_sql(head, batch.m_columns, 1));
    if (!one)
        return std::unexpected(one.error());
    batch.m_many = std::move(*many);
    batch.m_one = std::move(*one);
    return batch;
}

BatchedInsert& BatchedInsert::set(int column, std::int64_t value) {
    Value& v = next(column);
    v.kind = Value::Kind::Integer;
    v.integer = value;
    return *this;
}

BatchedInsert& BatchedInsert::set(int column, std::string_view text) {
    Value& v = next(column);
    v.kind = Value::Kind::Text;
    v.text.assign(text);
    return *this;
}

BatchedInsert& BatchedInsert::set_null(int column) {
    next(column).kind = Value::Kind::Null;
    return *this;
}

BatchedInsert& BatchedInsert::set_optional(int column, std::string_view text) {
    return text.empty() ? set_null(column) : set(column, text);
}

Result<void> BatchedInsert::end_row() {
    if (++m_kept < m_rows)
        return {};
    return write_all();
}

void BatchedInsert::bind_row(Statement& statement, std::size_t row, int first_parameter) {
    for (std::size_t column = 0; column < m_columns; ++column) {
        const Value& v = m_values[row * m_columns + column];
        int parameter = first_parameter + static_cast<int>(column);
        if (v.kind == Value::Kind::Integer)
            statement.bind(parameter, v.integer);
        else if (v.kind == Value::Kind::Text)
            statement.bind_view(parameter, v.text);
        else
            statement.bind_null(parameter);
    }
}

Result<void> BatchedInsert::write_all() {
    for (std::size_t row = 0; row < m_kept; ++row)
        bind_row(m_many, row, 1 + static_cast<int>(row * m_columns));
    m_kept = 0;
    if (auto done = m_many.run(); !done)
        return with_context(done.error(),
                            "writing " + std::to_string(m_rows) + " rows into " + m_table);
    return {};
}

Result<void> BatchedInsert::flush() {
    for (std::size_t row = 0; row < m_kept; ++row) {
        bind_row(m_one, row, 1);
        if (auto done = m_one.run(); !done) {
            m_kept = 0;
            return with_context(done.error(), "writing a row into " + m_table);
        }
    }
    m_kept = 0;
    return {};
}

} // namespace aafd::sync
