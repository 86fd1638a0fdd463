// A set of strings that may answer "maybe" for one never added (about 0.5 % of the time)
// but never "no" for one added: a Bloom filter that grows with what it holds, about two
// bytes a key. The store uses it to skip look-ups it knows would find nothing.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace aafd::sync {

class KeyFilter {
public:
    void add(std::string_view key);
    bool may_contain(std::string_view key) const;

private:
    // Each stage holds up to `capacity` keys; a full one is kept and a larger one
    // started, so a look-up asks every stage.
    struct Stage {
        std::vector<std::uint64_t> words;
        std::size_t capacity = 0;
        std::size_t count = 0;
    };
    std::vector<Stage> m_stages;
};

} // namespace aafd::sync
