// The step after the diff: writes a ChangeSet into the store (objects, links,
// journal) inside the caller's transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sync/core/change_set.hpp"
#include "sync/core/store.hpp"

namespace aafd::sync {

struct ApplyContext {
    std::int64_t set_id = 0;
    std::string at;    // ISO timestamp of the journal entries
    std::string today; // ISO date a disappearance starts
    // Journal an update of the relatives a pupil's change re-sends: off for the first set
    // of a source and flow, whose relatives are all created by the set itself.
    bool relatives_follow = true;
};

// REQUIRES: a transaction is open. Returns the rowids of the objects it created.
Result<std::vector<std::int64_t>> apply_changes(Store& store, const ChangeSet& changes,
                                                const ApplyContext& context);

} // namespace aafd::sync
