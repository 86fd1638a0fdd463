// The PersonSearch port (sync/core/person_search.hpp) on the store's SQLite file, read
// only, on a connection of its own.
#pragma once

#include <memory>
#include <string>

#include "sync/core/person_search.hpp"

namespace aafd::sync {

Result<std::unique_ptr<PersonSearch>> open_person_search(const std::string& path);

} // namespace aafd::sync
