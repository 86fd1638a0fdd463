// Linking audit records into the SHA-256 chain.
#include "sync/audit/chain.hpp"

namespace aafd::sync {

AuditRecord chain_record(const AuditHead& head, const AuditEvent& event, const std::string& actor,
                         const std::string& time, std::string& line) {
    AuditRecord record{.time = time,
                       .seq = head.seq + 1,
                       .actor = actor,
                       .action = event.action,
                       .object = event.object,
                       .outcome = event.outcome,
                       .details = event.details,
                       .prev = head.hash};
    line = seal_audit_record(record);
    return record;
}

ChainBreak chain_break(const AuditHead& head, const AuditRecord& record) {
    if (record.seq != head.seq + 1)
        return ChainBreak::Sequence;
    if (record.prev != head.hash)
        return ChainBreak::PrevHash;
    return ChainBreak::None;
}

} // namespace aafd::sync
