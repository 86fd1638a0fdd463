// What the import makes of an add record without the store: its hash and, prepared in
// full, its canonical attributes, their JSON and the entity aafd reads from them. The
// block pipeline computes it on its reader thread, which a first import leaves mostly
// idle, so that the thread writing SQLite does not.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "parsers/record.hpp"
#include "sync/core/attributes.hpp"
#include "sync/core/entity.hpp"

namespace aafd::sync {

struct PreparedRecord {
    bool ready = false;     // false for modify and delete requests: nothing prepared
    std::uint64_t hash = 0; // canonical_hash(record.attributes)
    Attributes attributes;  // canonical_attributes(record.attributes)
    std::string json;       // attributes_to_json(attributes)
    Entity entity;          // interpret(record.category, attributes)
};

// One entry per record, in order.
std::vector<PreparedRecord> prepare_records(std::span<const Record> records);

} // namespace aafd::sync
