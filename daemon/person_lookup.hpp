// Finding the one object a command names: a person by id (narrowed by --category and
// --flow), or one among several candidates. NotFound when there is none, Config when
// several remain (the message lists them and how to narrow).
#pragma once

#include <string>
#include <vector>

#include "sync/core/store.hpp"

namespace aafd::cli {

// Keeps the objects of `flow` (any when empty); exactly one must remain.
Result<sync::StoredObject> pick_one(std::vector<sync::StoredObject> found, const std::string& flow,
                                    const std::string& what);

// `category`: Eleve, PersRelEleve, PersEducNat or empty (any); `source` empty: any.
Result<sync::StoredObject> find_person(sync::Store& store, const std::string& source,
                                       const std::string& id, const std::string& category,
                                       const std::string& flow);

} // namespace aafd::cli
