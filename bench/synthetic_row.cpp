// The deterministic rows of aafd-bench-sqlite.
#include "bench/synthetic_row.hpp"

namespace aafd::bench {
namespace {
constexpr std::size_t k_pool_window = std::size_t{1} << 16;
}

std::string make_pool(std::size_t size) {
    static constexpr std::string_view k_letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
    std::string pool(size, ' ');
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    for (char& c : pool) {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        c = k_letters[(state * 0x2545F4914F6CDD1Dull >> 58) % k_letters.size()];
    }
    return pool;
}

SyntheticRow::SyntheticRow(std::uint64_t rows, std::size_t payload_bytes)
    : m_rows(rows), m_payload_bytes(payload_bytes),
      m_pool(make_pool(payload_bytes + k_pool_window)) {}

void SyntheticRow::make(std::uint64_t row) {
    const auto n = static_cast<unsigned long long>(row);
    std::snprintf(id, sizeof id, "%llu", 1000000 + n);
    std::snprintf(ine, sizeof ine, "%09lluAB", n % 1000000000);
    std::snprintf(uai, sizeof uai, "%07lluX", n % 2000 + 860000);
    std::snprintf(birth_date, sizeof birth_date, "20%02llu-%02llu-%02llu", n % 20, n % 12 + 1,
                  n % 28 + 1);
    payload = std::string_view(m_pool.data() + (row * 7919) % k_pool_window, m_payload_bytes);
    const std::uint64_t half = (m_rows + 1) / 2;
    flow = row < half ? "1D" : "2D";
    const std::uint64_t in_flow = row < half ? row : row - half;
    category = in_flow * 3 < half * 2 ? "Eleve" : "PersRelEleve";
}

std::uint64_t SyntheticRow::references_of(std::uint64_t row, double per_object) {
    return static_cast<std::uint64_t>(static_cast<double>(row + 1) * per_object) -
           static_cast<std::uint64_t>(static_cast<double>(row) * per_object);
}

const char* SyntheticRow::reference_target(std::uint64_t row, std::uint64_t i) {
    std::snprintf(m_target, sizeof m_target, "%llu",
                  static_cast<unsigned long long>(2000000 + (row * 7919 + i) % 1000003));
    return m_target;
}

} // namespace aafd::bench
