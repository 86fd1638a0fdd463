// ForwardCursor: steps while the rowid asked is near ahead, seeks otherwise.
#include "sync/store/forward_cursor.hpp"

namespace aafd::sync {
namespace {

// Rows stepped over at most before a seek from the root is cheaper: a step costs a row's
// decoding, a seek a descent of three or four pages.
constexpr std::int64_t k_step_window = 32;

} // namespace

Result<bool> ForwardCursor::seek(std::int64_t rowid) {
    if (!m_on_row || rowid < m_at || rowid - m_at > k_step_window)
        if (auto done = seek_from_root(rowid); !done)
            return std::unexpected(done.error());
    while (m_on_row && m_at < rowid)
        if (auto done = advance(); !done)
            return std::unexpected(done.error());
    return m_on_row && m_at == rowid;
}

Result<void> ForwardCursor::seek_from_root(std::int64_t rowid) {
    m_statement->reset();
    m_statement->bind(1, rowid);
    return advance();
}

Result<void> ForwardCursor::advance() {
    auto row = m_statement->step();
    if (!row) {
        m_on_row = false;
        return std::unexpected(row.error());
    }
    m_on_row = *row;
    if (m_on_row)
        m_at = m_statement->column_int(0);
    return {};
}

} // namespace aafd::sync
