// Statements prepared once per connection and kept: a path that runs the same queries for
// every person (provisioning, the feeds) compiles each once, not once per call.
// REQUIRES: a statement handed out is stepped to its end or reset before it is asked for
// again; one thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "sync/store/sqlite.hpp"

namespace aafd::sync {

class StatementCache {
public:
    // `db` outlives the cache.
    explicit StatementCache(Database& db) : m_db(&db) {}

    // The statement of `sql`, prepared at its first use; its earlier bindings are kept,
    // so bind every parameter.
    Result<Statement*> get(std::string_view sql);

private:
    Database* m_db;
    std::unordered_map<std::string, Statement> m_statements;
};

} // namespace aafd::sync
