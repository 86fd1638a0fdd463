// One group of an `aaf` set, written chunk by chunk through parsers/export_writer.
#include "sync/feed/aaf_chunk_writer.hpp"

#include <vector>

#include "parsers/export_writer.hpp"
#include "sync/feed/batch_file.hpp"
#include "util/file.hpp"

namespace aafd::sync {
namespace {

std::vector<Attribute> views(const Attributes& attributes) {
    std::vector<Attribute> out;
    for (const auto& attribute : attributes) {
        Attribute view{attribute.name, {}};
        for (const auto& value : attribute.values)
            view.values.emplace_back(value);
        out.push_back(std::move(view));
    }
    return out;
}

} // namespace

Result<void> AafChunkWriter::add(Operation operation, const std::string& id,
                                 const Attributes& attributes) {
    if (m_records == m_group.chunk_records)
        if (auto done = flush(); !done)
            return done;
    append_request(m_text, operation, m_group.category, id, views(attributes));
    ++m_records;
    ++m_report.records;
    return {};
}

Result<void> AafChunkWriter::flush() {
    if (m_records == 0 && m_chunk > 0)
        return {};
    auto name =
        export_file_name(m_group.prefix, m_group.kind, m_group.date, m_group.category, m_chunk);
    auto content =
        export_file_header(m_group.flow, m_group.date) + m_text + std::string(export_file_footer());
    if (auto done = write_file_atomically(m_group.folder / name, content, k_batch_file_mode); !done)
        return done;
    ++m_report.files;
    ++m_chunk;
    m_records = 0;
    m_text.clear();
    return {};
}

} // namespace aafd::sync
