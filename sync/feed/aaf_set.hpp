// The `aaf` feed format: a provider's whole scope written as a `Complet` AAF set, as the
// académie writes its exports, so that an importer of the AAF takes it unchanged
// (Edifice's feeder: edificeio/entcore feeder/.../aaf/*ImportProcessing.java find each
// category by a name pattern such as `.*?EtabEducNat_[0-9]{4}\.xml`, read addRequests
// only, and infer deletions from absence in a full set; Laclasse tells full from delta by
// the name). Layout, inside the set's folder:
//   <source>/ENT<1D|2D>-<provider>_Complet_<YYYYMMDD>_<Category>_<NNNN>.xml
// one subfolder per source (académie): feeder's importDirectories.json takes one folder
// per académie and prefixes its ids with the folder's name. Per source and flow, every
// category of the flow gets at least chunk 0000, empty or not; a chunk holds at most
// `chunk_records` records. Records: the provider's schools, its people cut by
// sync/feed/aaf_cut, and (2D) the subjects and MEFs those people name, as the store holds
// them (MatiereEducNat, MefEducNat: nomenclatures, no personal data).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "sync/core/account_store.hpp"
#include "sync/feed/aaf_chunk_writer.hpp"
#include "sync/feed/aaf_cut.hpp"
#include "sync/feed/provider_scope.hpp"
#include "util/date.hpp"

namespace aafd::sync {

struct AafSetOptions {
    std::string provider;
    FeedFields fields;
    std::size_t chunk_records = 0; // REQUIRES: > 0
    Date date;                     // the set's date, in its file names and header
    bool with_people = true;       // false: the final set of a convention, schools only
};

// The start of the set's file names: ENT<1D|2D>-<provider>.
std::string aaf_file_prefix(Flow flow, const std::string& provider);

// Writes the set into `folder` (created; REQUIRES: absent or empty). Reads the people of
// `scope` twice, one at a time: once for their ids, once to write them.
Result<AafSetReport> write_aaf_set(AccountStore& store, const ProviderScope& scope,
                                   const AafSetOptions& options,
                                   const std::filesystem::path& folder);

} // namespace aafd::sync
