// Pure work, once per add record.
#include "sync/core/prepared_record.hpp"

namespace aafd::sync {

std::vector<PreparedRecord> prepare_records(std::span<const Record> records) {
    std::vector<PreparedRecord> prepared(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        const Record& record = records[i];
        if (record.operation != Operation::Add)
            continue;
        PreparedRecord& p = prepared[i];
        p.ready = true;
        p.attributes = canonical_attributes(record.attributes);
        p.hash = attributes_hash(p.attributes);
        p.json = attributes_to_json(p.attributes);
        p.entity = interpret(record.category, p.attributes);
    }
    return prepared;
}

} // namespace aafd::sync
