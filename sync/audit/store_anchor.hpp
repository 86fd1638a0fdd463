// The trail checked against the heads the store recorded for its applied sets
// (sync/store/audit_heads): the anchor of the trail outside its folder. A head must be in
// the chain with the same hash, or purged: before the purge anchor's head, of a day the
// anchor says was purged and older than the retention (a purge keeps the days from
// `cutoff` on). Otherwise the tail was cut, the chain rewritten, the anchor
// forged or the folder wiped, even when what is left in the folder is a whole chain.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sync/audit/chain.hpp"
#include "util/date.hpp"
#include "util/error.hpp"

namespace aafd::sync {

struct StoredHead {
    std::int64_t set_id = 0;
    AuditHead head;
    std::string time; // ISO 8601 UTC, at or before the record's own time
};

// The first disagreement between the trail in `dir` and `heads`, as a sentence; nullopt
// when they agree. Io or BadInput when the trail cannot be read.
Result<std::optional<std::string>> check_trail_against_store(const std::filesystem::path& dir,
                                                             const std::vector<StoredHead>& heads,
                                                             Date cutoff);

} // namespace aafd::sync
