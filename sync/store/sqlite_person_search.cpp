// Looking people up by login, INE or a part of their name, in SQL.
#include "sync/store/sqlite_person_search.hpp"

#include <optional>

#include "sync/store/sqlite.hpp"

namespace aafd::sync {
namespace {

constexpr std::string_view k_people = "category IN ('Eleve', 'PersRelEleve', 'PersEducNat')";

class SqlitePersonSearch final : public PersonSearch {
public:
    explicit SqlitePersonSearch(Database db) : m_db(std::move(db)) {}

    Result<std::vector<std::int64_t>> by_login(const std::string& login) override {
        return rowids("SELECT object FROM account WHERE login = ?1", {login});
    }
    Result<std::vector<std::int64_t>> by_ine(const std::string& ine) override {
        return rowids("SELECT rowid FROM object WHERE ine = ?1 AND " + std::string(k_people) +
                          " ORDER BY rowid",
                      {ine});
    }
    Result<std::vector<std::int64_t>> by_name(const std::string& part, std::size_t limit) override {
        // LIKE's own wildcards in the part are taken literally.
        std::string pattern = "%";
        for (char c : part) {
            if (c == '%' || c == '_' || c == '\\')
                pattern += '\\';
            pattern += c;
        }
        pattern += '%';
        return rowids("SELECT o.rowid FROM object o LEFT JOIN account a ON a.object = o.rowid"
                      " WHERE o." +
                          std::string(k_people) +
                          " AND (ifnull(o.first_name, '') || ' ' || ifnull(o.last_name, '') LIKE"
                          " ?1 ESCAPE '\\' OR ifnull(o.last_name, '') || ' ' ||"
                          " ifnull(o.first_name, '') LIKE ?1 ESCAPE '\\' OR a.login LIKE ?1"
                          " ESCAPE '\\') ORDER BY o.last_name, o.first_name, o.rowid LIMIT ?2",
                      {pattern}, static_cast<std::int64_t>(limit));
    }

private:
    Result<std::vector<std::int64_t>> rowids(const std::string& sql,
                                             const std::vector<std::string>& texts,
                                             std::optional<std::int64_t> limit = std::nullopt) {
        auto statement = m_db.prepare(sql);
        if (!statement)
            return std::unexpected(statement.error());
        for (std::size_t i = 0; i < texts.size(); ++i)
            statement->bind(static_cast<int>(i + 1), std::string_view(texts[i]));
        if (limit)
            statement->bind(static_cast<int>(texts.size() + 1), *limit);
        std::vector<std::int64_t> found;
        auto done = statement->for_each_row([&] { found.push_back(statement->column_int(0)); });
        if (!done)
            return std::unexpected(done.error());
        return found;
    }

    Database m_db;
};

} // namespace

Result<std::unique_ptr<PersonSearch>> open_person_search(const std::string& path) {
    auto db = Database::open(path, OpenMode::ReadOnly);
    if (!db)
        return std::unexpected(db.error());
    if (auto done = db->exec("PRAGMA busy_timeout = 5000;"); !done)
        return with_context(done.error(), "store " + path);
    return std::make_unique<SqlitePersonSearch>(std::move(*db));
}

} // namespace aafd::sync
