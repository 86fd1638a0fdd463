// The `Delta` sets of the `aaf` format (`aaf_deltas = true`): what changed between the
// full set a provider last received (or would hold after the deltas since) and the full
// set of its scope now, as the académie writes its deltas: `addRequest` for a record
// that appears, `modifyRequest` (operation "replace") with the attributes that changed,
// an attribute that is gone replaced by no value, `deleteRequest` for a record that
// left. Same layout and names as a full set with `Delta` for `Complet`: importers tell
// them apart by that word only (Laclasse: laclasse-com/LaclasseService
// Aaf/Synchronizer.cs, GetFiles, "Delta" anywhere in the name; aafd's own
// parsers/export_file_name). Applied on top of the previous full set, a Delta set gives
// the next full set (tests/sync/feed/test_aaf_delta.cpp). Edifice's feeder reads
// addRequests only: a provider using it keeps aaf_deltas off.
//
// Both sets are read whole into memory: a provider's scope, not the académie.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "sync/feed/aaf_chunk_writer.hpp"

namespace aafd::sync {

using AafGroupKey = std::tuple<std::string, Flow, Category>; // source, flow, category

// The records of a full `aaf` set, by group (every file's group, even an empty one),
// then by id; attributes in file order.
struct AafSetContent {
    std::map<AafGroupKey, std::map<std::string, Attributes>> groups;
};

// Reads a full set written by write_aaf_set. Errors name the file and line.
Result<AafSetContent> read_aaf_set(const std::filesystem::path& folder);

// The structures' ids of each source: equal when the provider's schools did not change.
std::map<std::string, std::set<std::string>> aaf_structures(const AafSetContent& content);

struct AafDeltaOptions {
    std::string provider;
    std::size_t chunk_records = 0; // REQUIRES: > 0
    Date date;                     // the set's date, in its file names and header
};

// Writes into `folder` (created; REQUIRES: absent or empty) the Delta set that takes
// `before` to `after`: every group of either gets its chunk 0000, empty or not.
Result<AafSetReport> write_aaf_delta(const AafSetContent& before, const AafSetContent& after,
                                     const AafDeltaOptions& options,
                                     const std::filesystem::path& folder);

} // namespace aafd::sync
