// Text form of the import report.
#include "daemon/import_report.hpp"

#include <cstdio>
#include <string>

namespace aafd::cli {
namespace {

std::string row(const std::string& name, const sync::SetCounts& c) {
    char buffer[256];
    std::snprintf(
        buffer, sizeof buffer, "  %-13s %9llu %8llu %8llu %9llu %8llu %11llu %7llu\n", name.c_str(),
        static_cast<unsigned long long>(c.records), static_cast<unsigned long long>(c.created),
        static_cast<unsigned long long>(c.updated), static_cast<unsigned long long>(c.unchanged),
        static_cast<unsigned long long>(c.restored), static_cast<unsigned long long>(c.disappeared),
        static_cast<unsigned long long>(c.upserts));
    return buffer;
}

std::string headline(const sync::SetReport& set) {
    std::string line = "set " + set.label + ": ";
    switch (set.outcome) {
    case sync::SetOutcome::Applied:
        line += "applied as set #" + std::to_string(set.set_id);
        break;
    case sync::SetOutcome::DryRun:
        line += "dry run, nothing written";
        break;
    case sync::SetOutcome::AlreadyApplied:
        return line + "already applied as set #" + std::to_string(set.set_id) +
               " (same files): nothing to do";
    case sync::SetOutcome::Failed:
        line += "NOT applied";
        break;
    }
    char details[96];
    std::snprintf(details, sizeof details, " (%zu files, %.1f MB, %.1f s)", set.files,
                  static_cast<double>(set.bytes) / 1e6,
                  static_cast<double>(set.duration.count()) / 1000.0);
    return line + details;
}

void print_set(std::ostream& out, const sync::SetReport& set) {
    out << headline(set) << "\n";
    if (set.outcome == sync::SetOutcome::AlreadyApplied)
        return;
    for (const auto& gap : set.gaps)
        out << "  incomplete: " << gap << "\n";
    if (!set.counts.empty()) {
        out << "  category        records  created  updated unchanged restored disappeared "
               "upserts\n";
        for (const auto& [category, counts] : set.counts)
            out << row(std::string(category_name(category)), counts);
        out << row("total", sync::total(set.counts));
    }
    if (!set.warnings.empty()) {
        out << "  warnings:\n";
        for (const auto& [message, count] : set.warnings)
            out << "    " << count << " x " << message << "\n";
    }
    if (!set.sample.empty() && set.outcome == sync::SetOutcome::DryRun) {
        out << "  first changes:\n";
        for (const auto& line : set.sample)
            out << "    " << line << "\n";
    }
}

} // namespace

void print_import_report(std::ostream& out, const sync::ImportReport& report) {
    if (!report.skipped.empty()) {
        out << report.skipped.size() << " file(s) skipped (not export files):";
        for (const auto& name : report.skipped)
            out << " " << name;
        out << "\n";
    }
    if (report.sets.empty() && !report.error)
        out << "no export set found\n";
    for (const auto& set : report.sets)
        print_set(out, set);
}

namespace {

// "refused" when a guard stopped the set, "failed" for any other error.
std::string failed_outcome(const std::optional<Error>& error) {
    bool refused =
        error && (error->code == ErrorCode::Guard || error->code == ErrorCode::StaleSet ||
                  error->code == ErrorCode::IncompleteSet);
    return refused ? "refused" : "failed";
}

} // namespace

sync::AuditEvent set_event(const std::string& source, const sync::SetReport& set,
                           const std::optional<Error>& error) {
    using sync::SetOutcome;
    bool dry_run = set.outcome == SetOutcome::DryRun;
    std::string outcome = set.outcome == SetOutcome::Failed           ? failed_outcome(error)
                          : set.outcome == SetOutcome::AlreadyApplied ? "already_applied"
                                                                      : "ok";
    auto counts = sync::total(set.counts);
    sync::AuditEvent event{dry_run ? "set.dry_run" : "set.apply",
                           set.label,
                           outcome,
                           {{"source", source},
                            {"set_id", std::to_string(set.set_id)},
                            {"files", std::to_string(set.files)},
                            {"bytes", std::to_string(set.bytes)},
                            {"records", std::to_string(counts.records)},
                            {"created", std::to_string(counts.created)},
                            {"updated", std::to_string(counts.updated)},
                            {"restored", std::to_string(counts.restored)},
                            {"disappeared", std::to_string(counts.disappeared)}}};
    if (set.outcome == SetOutcome::Failed && error)
        event.details.emplace_back("reason", error->message);
    return event;
}

} // namespace aafd::cli
