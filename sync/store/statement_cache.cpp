// Statements kept per connection, by their SQL text.
#include "sync/store/statement_cache.hpp"

namespace aafd::sync {

Result<Statement*> StatementCache::get(std::string_view sql) {
    std::string key(sql);
    if (auto found = m_statements.find(key); found != m_statements.end())
        return &found->second;
    auto statement = m_db->prepare(sql);
    if (!statement)
        return std::unexpected(statement.error());
    return &m_statements.emplace(std::move(key), std::move(*statement)).first->second;
}

} // namespace aafd::sync
