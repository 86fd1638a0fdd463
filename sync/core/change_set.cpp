// Printing and merging of change sets.
#include "sync/core/change_set.hpp"

#include <array>

namespace aafd::sync {

std::string_view change_op_name(ChangeOp op) {
    static constexpr std::array<std::string_view, 4> k_names{"create", "update", "restore",
                                                             "disappear"};
    return k_names[static_cast<std::size_t>(op)];
}

void add_counts(SetCounts& into, const SetCounts& from) {
    into.records += from.records;
    into.created += from.created;
    into.updated += from.updated;
    into.unchanged += from.unchanged;
    into.restored += from.restored;
    into.disappeared += from.disappeared;
    into.upserts += from.upserts;
    into.warnings += from.warnings;
}

void ChangeSet::merge(ChangeSet&& other) {
    for (auto& change : other.changes)
        changes.push_back(std::move(change));
    unchanged.insert(unchanged.end(), other.unchanged.begin(), other.unchanged.end());
    for (const auto& [category, c] : other.counts)
        add_counts(counts[category], c);
    for (const auto& [message, n] : other.warnings)
        warnings[message] += n;
}

SetCounts total(const std::map<Category, SetCounts>& counts) {
    SetCounts sum;
    for (const auto& [category, c] : counts)
        add_counts(sum, c);
    return sum;
}

std::string describe(const Change& change) {
    std::string line = std::string(change_op_name(change.op)) + " " +
                       std::string(category_name(change.key.category)) + " " + change.key.id;
    if (!change.fields.empty()) {
        line += " [";
        for (std::size_t i = 0; i < change.fields.size(); ++i)
            line += (i ? ", " : "") + change.fields[i];
        line += "]";
    }
    if (change.upsert)
        line += " (upsert)";
    return line;
}

} // namespace aafd::sync
