// The audit trail's head as each applied set left it, kept in the store (table
// audit_head, migration 6): the trail anchored outside its own folder. `aafd audit
// verify` checks the trail against these rows, so that a cut tail, a forged purge anchor
// or a wiped folder is seen even when the chain left in the folder is whole.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace aafd::sync {

struct SetAuditHead {
    std::int64_t set_id = 0; // applied_set.id
    std::uint64_t seq = 0;   // the trail's last record once the set was recorded
    std::string hash;
    std::string time; // that record's time, ISO 8601 UTC
    bool operator==(const SetAuditHead&) const = default;
};

// Records (or replaces) the head of a set in the store at `store_path`.
Result<void> save_set_audit_head(const std::string& store_path, const SetAuditHead& head);

// Every recorded head, by set id; none for a store without the table yet.
Result<std::vector<SetAuditHead>> load_set_audit_heads(const std::string& store_path);

} // namespace aafd::sync
