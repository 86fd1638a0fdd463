// The phases of a provider's convention.
#include "sync/feed/convention.hpp"

#include <array>
#include <chrono>

namespace aafd::sync {

std::string_view convention_phase_name(ConventionPhase phase) {
    static constexpr std::array<std::string_view, 5> k_names{"not_started", "running", "stopped",
                                                             "final_due", "closed"};
    return k_names[static_cast<std::size_t>(phase)];
}

ConventionPhase convention_phase(std::optional<Date> start, std::optional<Date> end,
                                 unsigned retention_days, Date today, bool closed) {
    if (closed)
        return ConventionPhase::Closed;
    if (start && today < *start)
        return ConventionPhase::NotStarted;
    if (!end || today <= *end)
        return ConventionPhase::Running;
    auto final_day = std::chrono::sys_days{*end} + std::chrono::days{retention_days};
    return std::chrono::sys_days{today} > final_day ? ConventionPhase::FinalDue
                                                    : ConventionPhase::Stopped;
}

} // namespace aafd::sync
