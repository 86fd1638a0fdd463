// What a consumer is done with, handed back to be freed on another thread: freeing each
// block's change set (thousands of strings) took 5 % of a first import's SQLite thread,
// while the reader thread had time to spare.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace aafd::sync {

class Leftovers {
public:
    template <class T>
    void add(T&& value) {
        m_items.push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
    }
    void take_all_from(Leftovers& other) {
        m_items.insert(m_items.end(), std::make_move_iterator(other.m_items.begin()),
                       std::make_move_iterator(other.m_items.end()));
        other.m_items.clear();
    }

private:
    std::vector<std::shared_ptr<void>> m_items; // freed with the Leftovers
};

} // namespace aafd::sync
