// Ordering guard, deletion guard and the identity of a set's content.
#include "sync/import/set_guards.hpp"

#include <algorithm>
#include <cstdio>

#include "util/sha256.hpp"

namespace aafd::sync {
namespace {

std::string format_percent(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

std::string format_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

} // namespace

Result<void> check_order(const ExportSet& set, const std::optional<AppliedSet>& last_same_kind,
                         const std::optional<AppliedSet>& last_other_kind) {
    auto refuse = [&](const AppliedSet& last) {
        return fail(ErrorCode::StaleSet, "set " + set.label() + " is not newer than the " +
                                             std::string(flow_name(last.flow)) + " " +
                                             std::string(set_kind_name(last.kind)) + " set of " +
                                             to_iso(last.date) + " already applied (set #" +
                                             std::to_string(last.id) +
                                             "); not applied (use --force to apply it anyway)");
    };
    auto days = [](Date d) { return std::chrono::sys_days{d}; };
    if (last_same_kind && days(set.date) <= days(last_same_kind->date))
        return refuse(*last_same_kind);
    if (last_other_kind && days(set.date) < days(last_other_kind->date))
        return refuse(*last_other_kind);
    return {};
}

Result<void> check_deletions(const std::string& set_label, Category category,
                             std::uint64_t vanishing, std::uint64_t active_before,
                             const DeletionGuard& guard) {
    double percent =
        active_before ? 100.0 * static_cast<double>(vanishing) / static_cast<double>(active_before)
                      : 0.0;
    if (vanishing <= guard.min_count || percent <= guard.max_percent)
        return {};
    return fail(ErrorCode::Guard,
                "deletion guard: set " + set_label + " would make " + std::to_string(vanishing) +
                    " of " + std::to_string(active_before) + " " +
                    std::string(category_name(category)) + " disappear (" +
                    format_percent(percent) + " %), more than both guard_min_count (" +
                    std::to_string(guard.min_count) + ") and guard_max_percent (" +
                    format_number(guard.max_percent) +
                    " %); nothing of the set applied. If the departures are real, run again "
                    "with --allow-mass-deletion");
}

bool has_same_files(const ExportSet& set, const AppliedSet& applied) {
    if (set.files.size() != applied.files.size())
        return false;
    return std::all_of(set.files.begin(), set.files.end(), [&](const ExportFile& file) {
        auto base = file.path.filename().string();
        return std::any_of(applied.files.begin(), applied.files.end(),
                           [&](const SetFile& f) { return f.name == base && f.size == file.size; });
    });
}

std::string set_digest(const std::vector<SetFile>& files) {
    std::vector<std::string> lines;
    for (const auto& file : files)
        lines.push_back(file.name + " " + file.sha256 + "\n");
    std::sort(lines.begin(), lines.end());
    Sha256 hasher;
    for (const auto& line : lines)
        hasher.update(line);
    return hasher.hex_digest();
}

} // namespace aafd::sync
