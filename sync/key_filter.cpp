// A scalable Bloom filter: stages of 12 bits a key, 6 probes each (double hashing).
#include "sync/key_filter.hpp"

#include <xxhash.h>

namespace aafd::sync {
namespace {

constexpr std::size_t k_first_capacity = 1u << 14;
constexpr std::size_t k_bits_per_key = 12;
constexpr unsigned k_probes = 6;

struct Probes {
    std::uint64_t first;
    std::uint64_t step;
};

Probes probes_of(std::string_view key) {
    XXH128_hash_t hash = XXH3_128bits(key.data(), key.size());
    return {hash.low64, hash.high64 | 1};
}

template <class Visit>
bool each_bit(std::size_t bits, Probes probes, Visit visit) {
    for (unsigned i = 0; i < k_probes; ++i)
        if (!visit((probes.first + i * probes.step) % bits))
            return false;
    return true;
}

} // namespace

void KeyFilter::add(std::string_view key) {
    if (m_stages.empty() || m_stages.back().count == m_stages.back().capacity) {
        std::size_t capacity = m_stages.empty() ? k_first_capacity : 2 * m_stages.back().capacity;
        m_stages.push_back(
            {std::vector<std::uint64_t>(capacity * k_bits_per_key / 64), capacity, 0});
    }
    Stage& stage = m_stages.back();
    ++stage.count;
    each_bit(stage.words.size() * 64, probes_of(key), [&](std::uint64_t bit) {
        stage.words[bit / 64] |= std::uint64_t{1} << (bit % 64);
        return true;
    });
}

bool KeyFilter::may_contain(std::string_view key) const {
    Probes probes = probes_of(key);
    for (const Stage& stage : m_stages)
        if (each_bit(stage.words.size() * 64, probes, [&](std::uint64_t bit) {
                return (stage.words[bit / 64] >> (bit % 64) & 1) != 0;
            }))
            return true;
    return false;
}

} // namespace aafd::sync
