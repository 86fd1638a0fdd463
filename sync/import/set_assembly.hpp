// Groups export files into sets, the unit aafd applies: one flow (1D/2D), one kind
// (Complet/Delta), one date, whatever the prefixes (one per school in some
// académies, a "clean-" someone added). Checks chunk numbering per prefix and
// category. Pure: file descriptions in, sets out.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "parsers/export_file_name.hpp"
#include "util/error.hpp"

namespace aafd::sync {

// One XML file to import, with what its name and its first bytes tell.
struct ExportFile {
    std::filesystem::path path; // where to read it (archives are extracted first)
    std::string display_name;   // what messages call it ("x.tgz/ENT_…xml" for archive entries)
    ExportFileName name;
    std::uint64_t size = 0;
    std::optional<Flow> archive_flow;    // from the archive's name
    std::optional<Flow> header_flow;     // from a degre="1D" comment
    std::optional<Flow> vocabulary_flow; // from the first record's attribute names
};

struct ExportSet {
    Flow flow = Flow::Second;
    SetKind kind = SetKind::Full;
    Date date;
    std::vector<ExportFile> files; // in applying order: category, prefix, chunk
    std::vector<std::string> gaps; // "P Eleve: chunk 0000 missing", "…: chunks 0002 to 0005 …"
    std::vector<Category> categories; // present, in order

    std::string label() const; // "2D Complet 2013-01-17"
};

// Sets in applying order: by date, a full set before a delta of the same day.
// Errors (ErrorCode::BadInput): a file whose flow nothing tells; the same chunk twice.
Result<std::vector<ExportSet>> assemble_sets(std::vector<ExportFile> files);

// The flow an attribute vocabulary belongs to: 1D (ENTPersonNom, ENTStructureAdresse…)
// or 2D (sn, givenName, street…); nullopt when it says neither.
std::optional<Flow> flow_from_vocabulary(Category category,
                                         const std::vector<std::string>& attribute_names);

} // namespace aafd::sync
