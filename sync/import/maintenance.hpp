// The maintenance step: objects that disappeared more than the grace period ago
// become deleted (journal "delete"), in one transaction.
#pragma once

#include <chrono>
#include <cstdint>

#include "sync/core/store.hpp"

namespace aafd::sync {

struct MaintenanceOptions {
    unsigned grace_days{}; // [import] grace_days: config::Import declares its default
    bool dry_run = false;
};

struct MaintenanceReport {
    std::map<Category, std::uint64_t> deleted;
    std::string cutoff; // ISO date: disappeared before it -> deleted
};

Result<MaintenanceReport> run_maintenance(Store& store, const MaintenanceOptions& options,
                                          std::chrono::system_clock::time_point now);

} // namespace aafd::sync
