// Writes one group of an `aaf` set (one source, flow and category) as the académie cuts
// its exports: files <prefix>_<Complet|Delta>_<YYYYMMDD>_<Category>_<NNNN>.xml of at most
// `chunk_records` requests each, chunk 0000 written even when empty. Used by the full
// sets (sync/feed/aaf_set) and the Delta sets (sync/feed/aaf_delta).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "parsers/category.hpp"
#include "parsers/record.hpp"
#include "sync/core/attributes.hpp"
#include "util/date.hpp"
#include "util/error.hpp"

namespace aafd::sync {

struct AafSetReport {
    std::uint64_t records = 0;
    std::uint64_t files = 0;
};

struct AafChunkGroup {
    std::filesystem::path folder; // the source's subfolder of the set (exists)
    std::string prefix;           // ENT<1D|2D>-<provider>
    Flow flow = Flow::Second;
    Category category = Category::Structure;
    SetKind kind = SetKind::Full;
    Date date;
    std::size_t chunk_records = 0; // REQUIRES: > 0
};

class AafChunkWriter {
public:
    AafChunkWriter(AafChunkGroup group, AafSetReport& report)
        : m_group(std::move(group)), m_report(report) {}

    // One request; `attributes` are ignored by a delete.
    Result<void> add(Operation operation, const std::string& id, const Attributes& attributes);

    // Writes the chunk in progress; the first is written even when empty.
    Result<void> flush();

private:
    AafChunkGroup m_group;
    AafSetReport& m_report;
    std::string m_text;
    std::size_t m_records = 0;
    unsigned m_chunk = 0;
};

} // namespace aafd::sync
