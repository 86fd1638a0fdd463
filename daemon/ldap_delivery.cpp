// Binding to a provider's directory and applying its batches, with their audit records.
#include "daemon/ldap_delivery.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "daemon/feed_settings.hpp"
#include "sync/feed/builder.hpp"
#include "sync/ldap/ldif_apply.hpp"
#include "util/date.hpp"
#include "util/logger.hpp"

namespace aafd::daemon {
namespace {

Result<void> bind_once(std::optional<sync::LdapConnection>& connection,
                       const config::Provider& provider, sync::AuditSink& audit) {
    if (connection)
        return {};
    const auto& ldap = *provider.ldap;
    auto opened = sync::LdapConnection::open(ldap_settings(ldap));
    std::vector<std::pair<std::string, std::string>> details{{"url", ldap.url},
                                                             {"bind_dn", ldap.bind_dn}};
    if (!opened)
        details.emplace_back("error", opened.error().message);
    std::string outcome = opened                                     ? "ok"
                          : opened.error().code == ErrorCode::Config ? "refused"
                                                                     : "failed";
    auto recorded = audit.record({"ldap.bind", provider.name, outcome, std::move(details)});
    if (!opened)
        return std::unexpected(opened.error());
    if (!recorded)
        return recorded;
    connection.emplace(std::move(*opened));
    return {};
}

} // namespace

sync::LdapSettings ldap_settings(const config::ProviderLdap& ldap) {
    return {ldap.url,     ldap.bind_dn,  ldap.password_file,
            ldap.ca_file, ldap.starttls, std::chrono::seconds(ldap.timeout_s)};
}

sync::BatchApplier ldap_applier(const config::Provider& provider, sync::AuditSink& audit) {
    auto connection = std::make_shared<std::optional<sync::LdapConnection>>();
    return [connection, &provider, &audit](const sync::FeedBatch& batch,
                                           const std::string& content) -> Result<void> {
        if (auto bound = bind_once(*connection, provider, audit); !bound)
            return bound;
        auto file = std::filesystem::path(batch.file).filename().string();
        auto applied = sync::apply_ldif(**connection, content, file, provider.ldap->window);
        if (!applied) {
            connection->reset(); // a later batch of this run binds again
            return std::unexpected(applied.error());
        }
        module_logger("feed")->info(
            "ldap batch applied provider={} file={} added={} modified={} deleted={} unchanged={}",
            provider.name, file, applied->added, applied->modified, applied->deleted,
            applied->unchanged);
        return audit.record({"ldap.apply",
                             provider.name,
                             "ok",
                             {{"url", provider.ldap->url},
                              {"file", file},
                              {"added", std::to_string(applied->added)},
                              {"modified", std::to_string(applied->modified)},
                              {"deleted", std::to_string(applied->deleted)},
                              {"unchanged", std::to_string(applied->unchanged)}}});
    };
}

Result<std::vector<sync::DirectoryFix>>
reconcile_ldap(const config::Config& config, const config::Provider& provider,
               sync::AccountStore& store, sync::AuditSink& audit, sync::ReconcileMode mode,
               std::chrono::system_clock::time_point now) {
    if (provider.format != "ldap" || !provider.ldap)
        return fail(ErrorCode::Config, "provider " + provider.name +
                                           " does not write into a directory (format " +
                                           provider.format + ", not ldap)");
    auto feed = feed_provider(config, provider);
    auto lines = feed ? sync::held_accounts(store, *feed) : std::unexpected(feed.error());
    auto desired =
        lines ? sync::render_ldif_batch(*lines, feed->fields, feed->ldif, to_iso_timestamp(now))
              : std::unexpected(lines.error());
    if (!desired)
        return std::unexpected(desired.error());
    std::optional<sync::LdapConnection> connection;
    if (auto bound = bind_once(connection, provider, audit); !bound)
        return std::unexpected(bound.error());
    auto fixes = sync::reconcile_directory(*connection, desired->content, provider.ldap->base_dn,
                                           provider.ldap->structures_dn, mode);
    if (!fixes)
        return fixes;
    std::map<std::string, std::size_t> counts{{"add", 0}, {"modify", 0}, {"delete", 0}};
    for (const auto& fix : *fixes)
        ++counts[fix.op];
    auto recorded =
        audit.record({"ldap.reconcile",
                      provider.name,
                      "ok",
                      {{"url", provider.ldap->url},
                       {"mode", mode == sync::ReconcileMode::DryRun ? "dry-run" : "repair"},
                       {"entries", std::to_string(lines->size())},
                       {"added", std::to_string(counts["add"])},
                       {"modified", std::to_string(counts["modify"])},
                       {"deleted", std::to_string(counts["delete"])}}});
    if (!recorded)
        return std::unexpected(recorded.error());
    return fixes;
}

} // namespace aafd::daemon
