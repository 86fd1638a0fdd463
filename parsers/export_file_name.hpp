// What an export file's name tells: <prefix>_<Complet|Delta>_<YYYYMMDD>_<Category>_<NNNN>.xml,
// with a prefix that varies (ENT_<UAI>, ENT2DVA-ENT16, FULL_ENTTSSERVICES, ENT,
// clean-FULL_…) and, sometimes, the flow (ENT1D…/ENT2D…). Also archive names
// (ENT1DVA.<YYYYMMDD>….tgz, "Delta" somewhere for deltas).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parsers/category.hpp"
#include "util/date.hpp"

namespace aafd {

struct ExportFileName {
    std::string prefix; // everything before _<Complet|Delta>_
    SetKind kind = SetKind::Full;
    Date date;
    Category category = Category::Structure;
    unsigned chunk = 0;
    std::optional<Flow> flow; // when the name says ENT1D/ENT2D
};

// Parses a base name (no folder). nullopt when the name is not an export file's.
// The category is matched with its underscores, so _PersRelEleve_ is never _Eleve_.
std::optional<ExportFileName> parse_export_file_name(std::string_view base_name);

struct ArchiveName {
    std::optional<Flow> flow;
    std::optional<SetKind> kind; // Delta when the name says so, else Full
    std::optional<Date> date;
};
// What an archive's base name tells about the files it holds.
ArchiveName parse_archive_name(std::string_view base_name);

// The flow a name announces ("ENT1D…" → 1D, "ENT2D…" → 2D), if any.
std::optional<Flow> flow_from_file_name(std::string_view base_name);

} // namespace aafd
