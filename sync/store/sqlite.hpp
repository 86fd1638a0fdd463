// Move-only owners of SQLite's C handles, the one place that calls the raw API for
// connections and statements. Errors come back as values naming the statement.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "util/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace aafd::sync {

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view value);
    // Without a copy. REQUIRES: `value` outlives the statement's next step() or run().
    Statement& bind_view(int index, std::string_view value);
    Statement& bind_null(int index);
    // Text or NULL (nullopt / empty string binds NULL when `empty_is_null`).
    Statement& bind_optional(int index, std::string_view value);

    // true: a row is available; false: done. Resets itself when done or on error.
    Result<bool> step();
    // Steps until done; for statements that return no rows.
    Result<void> run();
    // Steps through every row, calling `on_row()` on each; stops at the first error, be
    // it SQLite's or one `on_row` returns (when it returns a Result<void>).
    template <class OnRow>
    Result<void> for_each_row(OnRow&& on_row) {
        while (true) {
            auto row = step();
            if (!row)
                return std::unexpected(row.error());
            if (!*row)
                return {};
            if constexpr (std::is_void_v<std::invoke_result_t<OnRow&>>) {
                on_row();
            } else if (auto done = on_row(); !done) {
                reset();
                return done;
            }
        }
    }
    void reset();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;
    // Valid until the next step(), reset() or column call on the same column.
    std::string_view column_view(int index) const;
    bool column_is_null(int index) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

enum class OpenMode { ReadWrite, ReadOnly };

class Database {
public:
    // Creates the file when ReadWrite and missing. ":memory:" gives a private database.
    // ReadOnly first rolls back, through a connection that writes, the journal a killed
    // write left behind (a hot journal): a read-only connection cannot read the store
    // before that, and any writing one would do the same.
    static Result<Database> open(const std::string& path, OpenMode mode);
    Database() = default;
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;

    Result<Statement> prepare(std::string_view sql);
    Result<void> exec(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    bool in_transaction() const; // between BEGIN and COMMIT or ROLLBACK
    const std::string& path() const { return m_path; }

private:
    static Result<Database> connect(const std::string& path, OpenMode mode);
    bool finds_hot_journal();

    sqlite3* m_db = nullptr;
    std::string m_path;
};

// ErrorCode::Busy for SQLITE_BUSY/LOCKED, Io for I/O and disk-full errors, else Internal.
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

// The Busy error of a store another process holds, `guess` saying which
// ("another aafd import?").
Error store_locked(const std::string& path, std::string_view guess);

} // namespace aafd::sync
