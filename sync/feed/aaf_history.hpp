// Which set an `aaf` build writes, full (`Complet`) or `Delta`, and the full set a Delta
// starts from. With deltas on, each build leaves, in `<staging>/aaf-base/`, the full set
// its batch amounts to, named `<last seq>-<deltas since the last full set>`; the next build starts
// from the one named after the provider's last batch. A full set is written instead of a Delta when
// deltas are off, when the build asks it (a snapshot, the convention's end), when there is no such
// base (the first set, a format changed to aaf, a base lost), when the provider's schools changed
// (its structures differ), or every `full_every` sets (0: never for that reason). Bases are written
// before the build commits: one a rolled-back build left behind is named after no batch and removed
// by the next build.
#pragma once

#include <cstdint>
#include <filesystem>

#include "sync/feed/aaf_set.hpp"

namespace aafd::sync {

struct AafHistory {
    std::filesystem::path bases;          // <staging>/aaf-base
    std::optional<std::int64_t> previous; // last_seq of the provider's last batch, if any
    std::int64_t seq = 0;                 // last_seq of the batch being built
    bool deltas = false;                  // [[provider]] aaf_deltas
    unsigned full_every = 0;              // [[provider]] aaf_full_every
    bool full = false;                    // a full set whatever the rest says
};

struct AafBuilt {
    SetKind kind = SetKind::Full;
    std::filesystem::path folder; // `full_folder` or `delta_folder`
    AafSetReport report;
};

// Writes the provider's set into `full_folder` or `delta_folder` (REQUIRES: absent) and
// its base.
Result<AafBuilt> write_aaf_batch(AccountStore& store, const ProviderScope& scope,
                                 const AafSetOptions& options, const AafHistory& history,
                                 const std::filesystem::path& full_folder,
                                 const std::filesystem::path& delta_folder);

} // namespace aafd::sync
