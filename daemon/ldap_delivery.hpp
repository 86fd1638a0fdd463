// The delivery of a `format = "ldap"` provider's batches into its SDET directory: one
// connection per delivery run, bound at the first batch (the bind recorded in the audit
// trail, refused or not), each batch applied (sync/ldap/ldif_apply) and its counts
// recorded before the caller confirms it and advances the provider's cursor. And
// `aafd feed reconcile`: the branch compared with the accounts the provider holds.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "sync/audit/audit_sink.hpp"
#include "sync/core/account_store.hpp"
#include "sync/feed/delivery.hpp"
#include "sync/ldap/directory_reconcile.hpp"
#include "sync/ldap/ldap_connection.hpp"

namespace aafd::daemon {

sync::LdapSettings ldap_settings(const config::ProviderLdap& ldap);

// REQUIRES: `audit` outlives the applier.
sync::BatchApplier ldap_applier(const config::Provider& provider, sync::AuditSink& audit);

// Binds (audited), lists the fixes the branch needs and, unless `mode` is DryRun, makes
// them; an `ldap.reconcile` audit record counts them. Config error when the provider's
// format is not "ldap".
Result<std::vector<sync::DirectoryFix>>
reconcile_ldap(const config::Config& config, const config::Provider& provider,
               sync::AccountStore& store, sync::AuditSink& audit, sync::ReconcileMode mode,
               std::chrono::system_clock::time_point now);

} // namespace aafd::daemon
