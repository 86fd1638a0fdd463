// Purging long-deleted people.
#include "daemon/person_purge.hpp"

#include "util/logger.hpp"

namespace aafd::daemon {

Result<std::uint64_t> purge_people(const config::Config& config, sync::AccountStore& store,
                                   sync::AuditSink& audit,
                                   std::chrono::system_clock::time_point now) {
    auto cutoff = to_iso(utc_date(now - std::chrono::days(config.accounts.purge_deleted_days)));
    if (auto begun = store.begin(); !begun)
        return std::unexpected(begun.error());
    auto purged = store.purge_deleted(cutoff);
    if (!purged) {
        store.rollback();
        return std::unexpected(purged.error());
    }
    if (auto done = store.commit(); !done)
        return std::unexpected(done.error());
    if (!purged->empty())
        if (auto recorded = audit.record(
                {"rgpd.purge",
                 "store",
                 "ok",
                 {{"people", std::to_string(purged->size())}, {"deleted_before", cutoff}}});
            !recorded)
            return std::unexpected(recorded.error());
    module_logger("accounts")->info("purge people={} deleted_before={}", purged->size(), cutoff);
    return purged->size();
}

} // namespace aafd::daemon
