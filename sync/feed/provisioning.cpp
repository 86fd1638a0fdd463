// Provisioning accounts for the people who have none yet.
#include "sync/feed/provisioning.hpp"

#include <unordered_set>
#include <vector>

#include "util/logger.hpp"

namespace aafd::sync {
namespace {

// Accounts written to the store at once: a few hundred to an INSERT.
constexpr std::size_t k_accounts_per_write = 1024;

// The accounts made but not written yet, and their logins, which are taken as much as
// the store's.
struct PendingAccounts {
    std::vector<Account> accounts;
    std::unordered_set<std::string> logins;

    Result<void> write(AccountStore& store) {
        if (auto done = store.insert_accounts(accounts); !done)
            return with_context(done.error(), "accounts for objects " +
                                                  std::to_string(accounts.front().object) + " to " +
                                                  std::to_string(accounts.back().object));
        accounts.clear();
        logins.clear();
        return {};
    }
};

Result<Account> new_account(AccountStore& store, const PendingAccounts& pending,
                            const Unprovisioned& person, const LoginRule& rule,
                            const ActivationCodeGenerator& codes, const std::string& now,
                            ProvisioningReport& report) {
    auto base = login_base(rule, person.first_name, person.last_name);
    if (!base) {
        ++report.fallback_logins;
        base = fallback_login_base(person.key.id, rule.max_length);
    }
    auto login = first_free_login(*base, rule.max_length, [&](const std::string& l) {
        return pending.logins.contains(l) ? Result<bool>{true} : store.login_taken(l);
    });
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
    PendingAccounts pending;
    for (const auto& person : *people) {
        auto account = new_account(store, pending, person, rule, codes, now, report);
        if (!account)
            return std::unexpected(account.error());
        pending.logins.insert(account->login);
        pending.accounts.push_back(std::move(*account));
        ++report.created;
        if (pending.accounts.size() == k_accounts_per_write)
            if (auto done = pending.write(store); !done)
                return std::unexpected(done.error());
    }
    if (!pending.accounts.empty())
        if (auto done = pending.write(store); !done)
            return std::unexpected(done.error());
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
