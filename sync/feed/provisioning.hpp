// Provisioning: every active person without an account gets one, in one transaction —
// a login made once from the names and never changed afterwards, unique in the whole
// store, and an activation code from the CSPRNG.
#pragma once

#include <cstdint>
#include <string>

#include "sync/core/account_store.hpp"
#include "sync/feed/activation_code.hpp"
#include "sync/feed/login.hpp"

namespace aafd::sync {

struct ProvisioningReport {
    std::uint64_t created = 0;
    std::uint64_t fallback_logins = 0; // names without a usable letter: "user<digits>"
};

// `now`: ISO timestamp of the accounts' creation.
Result<ProvisioningReport> provision_accounts(AccountStore& store, const LoginRule& rule,
                                              const ActivationCodeGenerator& codes,
                                              const std::string& now);

// The same inside the caller's transaction (begin() done; commit or roll back after).
Result<ProvisioningReport> provision_missing(AccountStore& store, const LoginRule& rule,
                                             const ActivationCodeGenerator& codes,
                                             const std::string& now);

} // namespace aafd::sync
