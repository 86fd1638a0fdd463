// The value the pure diff produces and the apply step consumes: what must change in
// the store for one block of records (or for the absences of a full set), with the
// counts a report prints. Holds ids, never names.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/core/attributes.hpp"
#include "sync/core/entity.hpp"
#include "sync/core/store.hpp"

namespace aafd::sync {

enum class ChangeOp { Create, Update, Restore, Disappear };
std::string_view change_op_name(ChangeOp op);

struct Change {
    ChangeOp op = ChangeOp::Create;
    ObjectKey key;
    std::int64_t rowid = 0; // 0 for a create
    Attributes attributes;  // the new attributes (create, update, restore)
    std::uint64_t hash = 0;
    std::vector<std::string> fields; // changed attribute names; "deleteRequest"; "absent"
    bool upsert = false;             // an add of a known id or a modify of an unknown one
    // Made ahead from the attributes (sync/core/prepared_record.hpp), else empty: apply then
    // makes them.
    std::string json;
    std::optional<Entity> entity;
    bool operator==(const Change&) const = default;
};

struct ChangeSet {
    std::vector<Change> changes;
    std::vector<std::int64_t> unchanged; // rowids seen and left as they are
    std::map<Category, SetCounts> counts;
    // Warnings aggregated by message ("unknown attribute ENTFoo in Eleve") with a count.
    std::map<std::string, std::uint64_t> warnings;

    void merge(ChangeSet&& other);
};

void add_counts(SetCounts& into, const SetCounts& from);
// Totals over the categories.
SetCounts total(const std::map<Category, SetCounts>& counts);

// One line per change, for dry runs and tests: "create Eleve 2000000",
// "update Eleve 2000000 [sn, givenName]", "disappear Eleve 2000001 [absent]".
std::string describe(const Change& change);

} // namespace aafd::sync
