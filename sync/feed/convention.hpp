// Where a provider's convention stands on a given day: before its start nothing is
// sent; while it runs the feed follows the changes; after its end the feed stops;
// once `retention_days` have passed after the end, a final batch deletes every account
// the provider holds (users keep access to their data meanwhile), then it is closed.
// Pure.
#pragma once

#include <optional>

#include "util/date.hpp"

namespace aafd::sync {

enum class ConventionPhase { NotStarted, Running, Stopped, FinalDue, Closed };
std::string_view convention_phase_name(ConventionPhase phase);

// `closed`: the final batch has been built.
ConventionPhase convention_phase(std::optional<Date> start, std::optional<Date> end,
                                 unsigned retention_days, Date today, bool closed);

} // namespace aafd::sync
