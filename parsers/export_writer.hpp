// Writing AAF files as the académie writes its exports, for the feeds that hand a provider
// its own AAF (sync/feed/aaf_set): the file name <prefix>_<Complet|Delta>_<YYYYMMDD>_
// <Category>_<NNNN>.xml, the XML declaration and metadata comments, one request per record
// (addRequest, modifyRequest with operation="replace", deleteRequest), escaped by pugixml.
// The text is UTF-8. No DOCTYPE: Edifice's feeder resolves "ficAlimMENESR.dtd" from the
// import folder itself and fails without it (edificeio/entcore,
// feeder/.../aaf/BaseImportProcessing.java, resolveEntity), and aafd never reads a DTD.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "parsers/category.hpp"
#include "parsers/record.hpp"
#include "util/date.hpp"

namespace aafd {

// REQUIRES: chunk < 10000.
std::string export_file_name(std::string_view prefix, SetKind kind, Date date, Category category,
                             unsigned chunk);

// From the XML declaration to the metadata comments (degre, dateGenerationExport), then a
// blank line, as in the académie's 2024 exports.
std::string export_file_header(Flow flow, Date export_date);
std::string_view export_file_footer(); // "</ficAlimMENESR>\n"

// Appends one request. The key attribute is written as given: an addRequest's
// `attributes` carry it first, as the académie's do. An empty value list is written
// <value/>. Delete requests ignore `attributes`.
void append_request(std::string& out, Operation operation, Category category, std::string_view id,
                    std::span<const Attribute> attributes);

} // namespace aafd
