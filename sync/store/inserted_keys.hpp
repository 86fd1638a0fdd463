// The ids a transaction inserted into one (source, flow, category) that held no object
// when it began, with their rowids: a look-up there needs no SQL, since an id not added
// here is not in the store. Keyed by a 64-bit hash of the id (about 40 bytes a key); an
// id whose hash an earlier id already has is kept whole beside, so nothing is ever lost.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace aafd::sync {

class InsertedKeys {
public:
    using Hash = std::uint64_t (*)(std::string_view id);
    static std::uint64_t default_hash(std::string_view id); // XXH3, 64 bits
    InsertedKeys() = default;
    explicit InsertedKeys(Hash hash) : m_hash(hash) {}

    void add(std::string_view id, std::int64_t rowid);
    // The rowid that holds `id`, or may hold it (the caller compares that row's id: it can
    // be another id with the same hash); 0 when `id` was never added.
    std::int64_t candidate(std::string_view id) const;

private:
    Hash m_hash = default_hash;
    std::unordered_map<std::uint64_t, std::int64_t> m_by_hash;
    std::unordered_map<std::string, std::int64_t> m_colliding;
};

} // namespace aafd::sync
