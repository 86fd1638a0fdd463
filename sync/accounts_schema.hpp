// Migration 3: the tables of account provisioning and provider feeds.
#pragma once

#include <string_view>

namespace aafd::sync {

inline constexpr std::string_view k_accounts_migration = R"sql(
SELECT 1;
)sql";

} // namespace aafd::sync
