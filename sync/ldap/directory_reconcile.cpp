// Reading a branch with ldap_search_ext_s, comparing it with the desired entries, fixing.
#include "sync/ldap/directory_reconcile.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "sync/ldap/directory_entry.hpp"
#include "sync/ldap/ldif_records.hpp"

namespace aafd::sync {
namespace {

// Lower-case DN → (DN as written, attributes).
using Entries = std::map<std::string, std::pair<std::string, EntryAttributes>>;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

struct SearchResult {
    LDAPMessage* message = nullptr;
    ~SearchResult() { ldap_msgfree(message); }
};

Result<Entries> read_branch(const LdapConnection& connection, const std::string& base) {
    LDAP* ld = connection.handle();
    SearchResult result;
    timeval timeout{static_cast<time_t>(connection.timeout().count()), 0};
    int rc = ldap_search_ext_s(ld, base.c_str(), LDAP_SCOPE_ONELEVEL, "(objectClass=*)", nullptr, 0,
                               nullptr, nullptr, &timeout, 0, &result.message);
    if (rc != LDAP_SUCCESS)
        return std::unexpected(ldap_error(rc, "LDAP search of " + base, ErrorCode::BadInput));
    Entries entries;
    for (auto* entry = ldap_first_entry(ld, result.message); entry;
         entry = ldap_next_entry(ld, entry)) {
        char* dn = ldap_get_dn(ld, entry);
        std::string text = dn ? dn : "";
        ldap_memfree(dn);
        entries[lower(text)] = {text, read_entry_attributes(ld, entry)};
    }
    return entries;
}

Result<void> repair(LDAP* ld, const DirectoryFix& fix, const LdifRecord& record,
                    const EntryAttributes& want) {
    int rc = LDAP_SUCCESS;
    if (fix.op == "add") {
        rc = ldap_add_ext_s(ld, fix.dn.c_str(), record.parsed.lrop_mods, nullptr, nullptr);
    } else {
        ReplaceMods mods(want, fix.attributes);
        rc = ldap_modify_ext_s(ld, fix.dn.c_str(), mods.get(), nullptr, nullptr);
    }
    if (rc != LDAP_SUCCESS)
        return std::unexpected(ldap_error(rc, fix.op + " " + fix.dn, ErrorCode::BadInput));
    return {};
}

bool under(const std::string& dn, const std::string& base) {
    auto l = lower(dn);
    auto b = "," + lower(base);
    return l.size() > b.size() && l.compare(l.size() - b.size(), b.size(), b) == 0;
}

} // namespace

std::string describe(const DirectoryFix& fix) {
    std::string text = fix.op + " " + fix.dn;
    for (std::size_t i = 0; i < fix.attributes.size(); ++i)
        text += (i == 0 ? ": " : ", ") + fix.attributes[i];
    return text;
}

Result<std::vector<DirectoryFix>> reconcile_directory(const LdapConnection& connection,
                                                      std::string_view desired,
                                                      const std::string& people_dn,
                                                      const std::string& structures_dn,
                                                      ReconcileMode mode) {
    auto records = parse_ldif_records(desired, "desired entries");
    auto people = records ? read_branch(connection, people_dn) : std::unexpected(records.error());
    auto schools =
        people ? read_branch(connection, structures_dn) : std::unexpected(people.error());
    if (!schools)
        return std::unexpected(schools.error());
    std::vector<DirectoryFix> fixes;
    for (const auto& record : *records) {
        auto dn = record->dn();
        auto& branch = under(dn, people_dn) ? *people : *schools;
        auto want = record_attributes(record->parsed.lrop_mods);
        auto found = branch.find(lower(dn));
        DirectoryFix fix{"add", dn, {}};
        if (found != branch.end()) {
            fix = {"modify", dn, changed_attributes(want, found->second.second, true)};
            branch.erase(found);
            if (fix.attributes.empty())
                continue;
        }
        if (mode == ReconcileMode::Repair)
            if (auto done = repair(connection.handle(), fix, *record, want); !done)
                return std::unexpected(done.error());
        fixes.push_back(std::move(fix));
    }
    for (const auto& [key, entry] : *people) {
        if (entry.second.contains("entpersondatesuppression"))
            continue;
        DirectoryFix fix{"delete", entry.first, {}};
        if (mode == ReconcileMode::Repair)
            if (int rc = ldap_delete_ext_s(connection.handle(), fix.dn.c_str(), nullptr, nullptr);
                rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT)
                return std::unexpected(ldap_error(rc, "delete " + fix.dn, ErrorCode::BadInput));
        fixes.push_back(std::move(fix));
    }
    return fixes;
}

} // namespace aafd::sync
