// Which relatives a pupil's change re-sends: a relative's feed line lists the pupils
// that name it, in the provider's scope (its schools), so when a pupil's Relative links or
// its schools change, or the pupil arrives, comes back or leaves, the relatives named
// before or after change too. Pure: the pupil's entity before and after in, relative ids
// out; the apply step journals an update for each (sync/import/apply.cpp).
#pragma once

#include <string>
#include <vector>

#include "sync/core/entity.hpp"

namespace aafd::sync {

// `before`: the pupil as stored (nullptr: it arrives or comes back); `after`: as it will be
// (nullptr: it leaves). The relative ids, sorted, without duplicates: every relative when
// the structures it is attached to changed, else those whose link (id, legal code)
// appears or vanishes.
std::vector<std::string> relatives_to_resend(const Entity* before, const Entity* after);

} // namespace aafd::sync
