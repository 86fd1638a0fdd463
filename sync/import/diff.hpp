// The pure core: (store snapshot, parsed records, set context) -> ChangeSet. Reads
// the snapshot, never writes; applying the result is sync/import/apply.hpp's job, so a dry
// run prints exactly what a real run would do.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "parsers/record.hpp"
#include "sync/core/change_set.hpp"
#include "sync/core/prepared_record.hpp"
#include "sync/core/store.hpp"

namespace aafd::sync {

class SeenSet;

struct DiffContext {
    std::string source;
    Flow flow = Flow::Second;
    SetKind kind = SetKind::Full;
    // The file of the block, named in the warnings that point at a record, and the stored
    // objects the set's earlier blocks met: a record of one of them is a duplicate.
    std::string_view file;
    const SeenSet* seen = nullptr;
};

// The changes one block of records makes. A key met twice in the block is diffed
// against its first occurrence; a key met again in the set, or a birth date that is not
// a date (stored empty), is warned about with the file, line and id, never the value. `prepared`:
// empty, or one entry per record (prepare_records), whose content the changes take over.
Result<ChangeSet> diff_block(StoreSnapshot& snapshot, std::span<const Record> records,
                             const DiffContext& context, std::span<PreparedRecord> prepared = {});

// Which stored objects a full set saw, by rowid (bounded: one bit per object).
class SeenSet {
public:
    void mark(std::int64_t rowid);
    bool contains(std::int64_t rowid) const;

private:
    std::vector<bool> m_bits;
};

struct ActiveObject {
    std::int64_t rowid = 0;
    std::string id;
};

// A full set that holds a category says who is still there: every active object of
// that category it did not see disappears.
ChangeSet diff_absences(const std::string& source, Flow flow, Category category,
                        std::span<const ActiveObject> active, const SeenSet& seen);

} // namespace aafd::sync
