// Hash first, whole ids only for the rare collision.
#include "sync/store/inserted_keys.hpp"

#include <xxhash.h>

namespace aafd::sync {
std::uint64_t InsertedKeys::default_hash(std::string_view id) {
    return XXH3_64bits(id.data(), id.size());
}

void InsertedKeys::add(std::string_view id, std::int64_t rowid) {
    if (!m_by_hash.emplace(m_hash(id), rowid).second)
        m_colliding.emplace(std::string(id), rowid);
}

std::int64_t InsertedKeys::candidate(std::string_view id) const {
    if (!m_colliding.empty())
        if (auto it = m_colliding.find(std::string(id)); it != m_colliding.end())
            return it->second;
    auto it = m_by_hash.find(m_hash(id));
    return it == m_by_hash.end() ? 0 : it->second;
}

} // namespace aafd::sync
