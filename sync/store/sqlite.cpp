// RAII wrappers over sqlite3 connections and prepared statements.
#include "sync/store/sqlite.hpp"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>
#include <utility>

#include <sqlite3.h>

#include "util/file.hpp"

namespace aafd::sync {

namespace {

// An I/O error names the store's file (a statement does not know it), and a read-only one
// says what to check.
std::string io_message(sqlite3* db, int rc, std::string message) {
    if ((rc & 0xff) == SQLITE_READONLY)
        message += " (check the mode and owner of the store, its folder and its -wal and -shm "
                   "files)";
    const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
    if (!file || !*file || message.find(file) != std::string::npos)
        return message;
    return "store " + std::string(file) + ": " + message;
}

} // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
    std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return {ErrorCode::Busy, message};
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return {ErrorCode::Io, io_message(db, rc, message)};
    default:
        return {ErrorCode::Internal, message};
    }
}

Error store_locked(const std::string& path, std::string_view guess) {
    return {ErrorCode::Busy, "store " + path + " is locked by another process (" +
                                 std::string(guess) + "); try again when it has finished"};
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_view(int index, std::string_view value) {
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement& Statement::bind_optional(int index, std::string_view value) {
    return value.empty() ? bind_null(index) : bind(index, value);
}

Result<bool> Statement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE) {
        reset();
        return false;
    }
    Error error = sqlite_error(m_db, rc, sqlite3_sql(m_stmt));
    reset();
    return std::unexpected(error);
}

Result<void> Statement::run() {
    return for_each_row([] {});
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(m_stmt, index); }

std::string Statement::column_text(int index) const {
    auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, index));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index)))
                : std::string{};
}

std::string_view Statement::column_view(int index) const {
    auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, index));
    return text ? std::string_view(text,
                                   static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index)))
                : std::string_view{};
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(m_stmt, index) == SQLITE_NULL;
}

namespace {

// Refuses, before SQLite opens it, a store this process could only read: SQLite would
// open it read-only and leave read-only -wal and -shm files that outlive a fixed mode.
Result<void> check_writable(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    auto denied = [](const std::string& what) {
        return fail(ErrorCode::Io, what + ": " + std::strerror(errno));
    };
    for (const auto* suffix : {"", "-wal", "-shm"})
        if (fs::exists(path + suffix, error) && ::access((path + suffix).c_str(), W_OK) != 0)
            return denied("store " + path + suffix + " is not writable by this user");
    fs::path folder = fs::path(path).parent_path();
    folder = folder.empty() ? fs::path(".") : folder;
    if (!fs::exists(path + "-wal", error) && ::access(folder.c_str(), W_OK) != 0)
        return denied("store " + path + ": its folder " + folder.string() +
                      " is not writable by this user (the -wal and -shm files go there)");
    return {};
}

// A file name as a URI path: the characters a URI gives a meaning to, escaped.
std::string uri_path(const std::string& path) {
    std::string escaped;
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned char>(c));
            escaped += buffer;
        } else {
            escaped += c;
        }
    }
    return escaped;
}

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// A store another user wrote, no writer left (no -wal, no -journal file), in a folder
// where this user cannot create the -shm file SQLite needs to read a WAL store: read as
// the unchanging file it is (`aafd status` as the aafd user on a store root wrote).
bool reads_as_immutable(const std::string& path) {
    if (path == ":memory:" || !exists(path) || exists(path + "-wal") || exists(path + "-journal"))
        return false;
    auto folder = std::filesystem::path(path).parent_path();
    bool can_create = ::access(folder.empty() ? "." : folder.c_str(), W_OK) == 0;
    bool shm_usable = exists(path + "-shm") && ::access((path + "-shm").c_str(), W_OK) == 0;
    return !can_create && !shm_usable;
}

// Only a user who may write the store can roll the journal back: anyone else is told why
// the store cannot be read yet.
Result<void> roll_back_hot_journal(const std::string& path) {
    auto refused = [&](const Error& error) {
        return with_context(error, "store " + path + " holds " + path +
                                       "-journal, left by a write that was interrupted; the "
                                       "next aafd command that writes the store rolls it back");
    };
    if (auto writable = check_writable(path); !writable)
        return refused(writable.error());
    auto writer = Database::open(path, OpenMode::ReadWrite);
    if (!writer)
        return refused(writer.error());
    if (auto read = writer->exec("PRAGMA schema_version"); !read)
        return refused(read.error());
    return {};
}

// A new store is created 0600 before SQLite opens it, whatever the umask: it holds logins,
// activation codes and birth dates, and SQLite gives its -wal and -shm files its mode.
Result<void> create_private(const std::string& path) {
    std::error_code error;
    if (std::filesystem::exists(path, error))
        return {};
    auto created = open_for_writing(path, O_RDWR, 0600);
    if (!created)
        return with_context(created.error(), "store");
    return {};
}

} // namespace

Result<Database> Database::open(const std::string& path, OpenMode mode) {
    if (mode == OpenMode::ReadWrite && path != ":memory:") {
        if (auto writable = check_writable(path); !writable)
            return std::unexpected(writable.error());
        if (auto created = create_private(path); !created)
            return std::unexpected(created.error());
    }
    if (mode == OpenMode::ReadOnly && reads_as_immutable(path)) {
        auto database = connect("file:" + uri_path(path) + "?mode=ro&immutable=1", mode);
        if (database)
            database->m_path = path;
        return database;
    }
    auto database = connect(path, mode);
    if (!database || mode == OpenMode::ReadWrite || !database->finds_hot_journal())
        return database;
    if (auto rolled_back = roll_back_hot_journal(path); !rolled_back)
        return std::unexpected(rolled_back.error());
    return connect(path, mode);
}

Result<Database> Database::connect(const std::string& path, OpenMode mode) {
    Database database;
    database.m_path = path;
    int flags = mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY
                                           : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path.c_str(), &database.m_db,
                             flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
    if (rc != SQLITE_OK)
        return std::unexpected(sqlite_error(database.m_db, rc, "cannot open store " + path));
    sqlite3_extended_result_codes(database.m_db, 1);
    return database;
}

// Reading the header is what meets the journal. Any other failure is left to the first
// statement, which waits for a busy store as this probe does not.
bool Database::finds_hot_journal() {
    return sqlite3_exec(m_db, "PRAGMA schema_version", nullptr, nullptr, nullptr) ==
           SQLITE_READONLY_ROLLBACK;
}

Database::~Database() { sqlite3_close_v2(m_db); }

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return std::unexpected(sqlite_error(m_db, rc, sql));
    return Statement(m_db, stmt);
}

Result<void> Database::exec(std::string_view sql) {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        sqlite3_free(message);
        return std::unexpected(sqlite_error(m_db, rc, sql.substr(0, 80)));
    }
    return {};
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(m_db); }

int Database::changes() const { return sqlite3_changes(m_db); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(m_db) == 0; }

} // namespace aafd::sync
