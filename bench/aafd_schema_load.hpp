// aafd-bench-sqlite --aafd-schema: the SQLite work of a first import alone. aafd's rows
// (objects, a journal row and references each) go into a store created by aafd's own
// migrations, with every key and index later imports need, written as aafd writes a first
// set of a flow: 8 KiB pages, its cache, 256 rows to a multi-row INSERT (BatchedInsert),
// one transaction. No parse, no diff, no look-up: what a first import costs at least.
#pragma once

#include <cstdint>
#include <string>

#include "bench/bench_support.hpp"

namespace aafd::bench {

struct AafdSchemaLoad {
    std::uint64_t rows = 0;
    std::size_t payload = 800;
    double references_per_object = 1.2;
    std::string journal_mode = "WAL";
};

// Into a new file at `path`; timed from the first insert to the closed database.
Result<Throughput> load_into_aafd_schema(const std::string& path, const AafdSchemaLoad& load);

} // namespace aafd::bench
