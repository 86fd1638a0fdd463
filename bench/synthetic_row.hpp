// The rows aafd-bench-sqlite writes: deterministic values of the sizes aafd stores, in the
// order a first import writes them (the 1D set, then the 2D set; in each, the pupils, then
// the relatives; ids ascending), and an object's references to scattered targets.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace aafd::bench {

// Deterministic letters; each row's payload is a window into them at its own offset, so
// that rows differ without costing the loop anything.
std::string make_pool(std::size_t size);

class SyntheticRow {
public:
    SyntheticRow(std::uint64_t rows, std::size_t payload_bytes);

    // Fills the fields of row `row` (0-based).
    void make(std::uint64_t row);
    // floor((row + 1) * r) - floor(row * r): r references per object on average.
    static std::uint64_t references_of(std::uint64_t row, double per_object);
    // The target of the object's reference `i`, and its kind ("relative" or "structure").
    const char* reference_target(std::uint64_t row, std::uint64_t i);
    static std::string_view reference_kind(std::uint64_t i) {
        return i % 2 ? "structure" : "relative";
    }

    std::string_view flow, category, payload;
    char id[24] = {};
    char ine[24] = {};
    char uai[16] = {};
    char birth_date[16] = {};

private:
    std::uint64_t m_rows;
    std::size_t m_payload_bytes;
    std::string m_pool;
    char m_target[24] = {};
};

} // namespace aafd::bench
