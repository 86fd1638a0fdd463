// ReadOptions for tests' reads that do not test the cut of the blocks: the shipped
// [import] block_size (config::Import), since parsers' ReadOptions has no default of its own.
#pragma once

#include "parsers/export_reader.hpp"

namespace aafd::test {

inline constexpr ReadOptions k_read_options{.block_size = 1u << 20};

} // namespace aafd::test
