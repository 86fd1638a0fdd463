// Provisioning accounts for the people who have none yet.
#include "sync/feed/provisioning.hpp"

#include "util/logger.hpp"

namespace aafd::sync {
namespace {

Result<Account> new_account(AccountStore& store, const Unprovisioned& person, const LoginRule& rule,
                            const ActivationCodeGenerator& codes, const std::string& now,
                            ProvisioningReport& report) {
    auto base = login_base(rule, person.first_name, person.last_name);
    if (!base) {
        ++report.fallback_logins;
        base = fallback_login_base(person.key.id, rule.max_length);
    }
    auto login = first_free_login(*base, rule.max_length,
                                  [&](const std::string& l) { return store.login_taken(l); });
    if (!login)
        return with_context(login.error(), "login for " + person.key.id);
    auto code = codes.draw();
    if (!code)
        return std::unexpected(code.error());
    return Account{person.object, *login, *code, now, now};
}

} // namespace

Result<ProvisioningReport> provision_missing(AccountStore& store, const LoginRule& rule,
                                             const ActivationCodeGenerator& codes,
                                             const std::string& now) {
    auto people = store.unprovisioned_people();
    if (!people)
        return std::unexpected(people.error());
    ProvisioningReport report;
    for (const auto& person : *people) {
        auto account = new_account(store, person, rule, codes, now, report);
        if (!account)
            return std::unexpected(account.error());
        if (auto done = store.insert_account(*account); !done)
            return with_context(done.error(), "account for " + person.key.id);
        ++report.created;
    }
    return report;
}

Result<ProvisioningReport> provision_accounts(AccountStore& store, const LoginRule& rule,
                                              const ActivationCodeGenerator& codes,
                                              const std::string& now) {
    if (auto begun = store.begin(); !begun)
        return std::unexpected(begun.error());
    auto report = provision_missing(store, rule, codes, now);
    if (!report) {
        store.rollback();
        return report;
    }
    if (auto done = store.commit(); !done)
        return std::unexpected(done.error());
    module_logger("accounts")
        ->info("accounts provisioned created={} fallback_logins={}", report->created,
               report->fallback_logins);
    return report;
}

} // namespace aafd::sync
