// Checking the audit trail against the heads anchored in the store.
#include "sync/audit/store_anchor.hpp"

#include <map>

#include "sync/audit/audit_log.hpp"
#include "sync/audit/files.hpp"

namespace aafd::sync {
namespace {

std::string named(const StoredHead& stored) {
    return "the store recorded seq " + std::to_string(stored.head.seq) + " for set " +
           std::to_string(stored.set_id) + " (" + stored.time + ")";
}

std::optional<std::string> disagreement(const StoredHead& stored,
                                        const std::map<std::uint64_t, std::string>& chain,
                                        const std::optional<AuditAnchor>& anchor, Date cutoff) {
    if (anchor && stored.head.seq <= anchor->head.seq) {
        auto day = parse_iso_date(std::string_view(stored.time).substr(0, 10));
        if (day && *day <= anchor->purged_through && *day < cutoff)
            return std::nullopt;
        return "the anchor claims a purge up to seq " + std::to_string(anchor->head.seq) +
               ", but " + named(stored) + " is kept until " + to_iso(cutoff) +
               " or later: the anchor was forged, records were deleted";
    }
    auto last = chain.empty() ? (anchor ? anchor->head.seq : 0) : chain.rbegin()->first;
    if (chain.empty() && !anchor)
        return "the trail is empty, but " + named(stored) + ": the folder was wiped";
    if (stored.head.seq > last)
        return "the trail ends at seq " + std::to_string(last) + ", but " + named(stored) +
               ": its tail was cut";
    auto found = chain.find(stored.head.seq);
    if (found == chain.end() || found->second != stored.head.hash)
        return "seq " + std::to_string(stored.head.seq) + " of the trail is not the record " +
               named(stored) + " (hash " + stored.head.hash + "): the chain was rewritten";
    return std::nullopt;
}

} // namespace

Result<std::optional<std::string>> check_trail_against_store(const std::filesystem::path& dir,
                                                             const std::vector<StoredHead>& heads,
                                                             Date cutoff) {
    auto records = read_audit_records(dir, std::nullopt, std::nullopt);
    if (!records)
        return std::unexpected(records.error());
    auto anchor = read_audit_anchor(dir);
    if (!anchor)
        return std::unexpected(anchor.error());
    std::map<std::uint64_t, std::string> chain;
    for (const auto& record : *records)
        chain.emplace(record.seq, record.hash);
    for (const auto& stored : heads)
        if (auto problem = disagreement(stored, chain, *anchor, cutoff))
            return problem;
    return std::optional<std::string>{};
}

} // namespace aafd::sync
