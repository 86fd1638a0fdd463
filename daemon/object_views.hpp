// The JSON views `aafd show` prints: a person with its structures (as UAIs), classes,
// groups, relatives or children, functions and profiles; a structure with its classes
// and groups. References to objects the store does not hold yet are listed apart.
#pragma once

#include <nlohmann/json.hpp>

#include "sync/core/account_store.hpp"
#include "sync/core/store.hpp"
#include "sync/feed/profiles.hpp"

namespace aafd::cli {

Result<nlohmann::ordered_json> person_view(sync::Store& store, const sync::StoredObject& person,
                                           const sync::ProfileTable& profiles);
Result<nlohmann::ordered_json> structure_view(sync::Store& store,
                                              const sync::StoredObject& structure);

// Adds to a person's view its account (login, when its activation code was drawn; never
// the code) and, per provider, what it received and when.
Result<void> add_account_view(sync::AccountStore& accounts, const sync::StoredObject& person,
                              nlohmann::ordered_json& view);

// Text form of either view: one "key: value" line per field.
std::string view_text(const nlohmann::ordered_json& view);

} // namespace aafd::cli
