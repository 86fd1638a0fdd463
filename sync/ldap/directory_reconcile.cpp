// Reading a branch with ldap_search_ext_s, comparing it with the desired entries, fixing.
#include "sync/ldap/directory_reconcile.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "sync/ldap/ldif_records.hpp"

namespace aafd::sync {
namespace {

// Attribute name (lower case) → sorted values.
using Attributes = std::map<std::string, std::vector<std::string>>;
// Lower-case DN → (DN as written, attributes).
using Entries = std::map<std::string, std::pair<std::string, Attributes>>;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

struct SearchResult {
    LDAPMessage* message = nullptr;
    ~SearchResult() { ldap_msgfree(message); }
};

Attributes read_attributes(LDAP* ld, LDAPMessage* entry) {
    Attributes attributes;
    BerElement* ber = nullptr;
    for (char* name = ldap_first_attribute(ld, entry, &ber); name;
         name = ldap_next_attribute(ld, entry, ber)) {
        auto& values = attributes[lower(name)];
        if (berval** found = ldap_get_values_len(ld, entry, name)) {
            for (auto** v = found; *v; ++v)
                values.emplace_back((*v)->bv_val, (*v)->bv_len);
            ldap_value_free_len(found);
        }
        std::sort(values.begin(), values.end());
        ldap_memfree(name);
    }
    ber_free(ber, 0);
    return attributes;
}

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
        entries[lower(text)] = {text, read_attributes(ld, entry)};
    }
    return entries;
}

Attributes desired_attributes(const LdifRecord& record) {
    Attributes attributes;
    for (auto** mod = record.parsed.lrop_mods; mod && *mod; ++mod) {
        auto& values = attributes[lower((*mod)->mod_type)];
        for (auto** v = (*mod)->mod_bvalues; v && *v; ++v)
            values.emplace_back((*v)->bv_val, (*v)->bv_len);
        std::sort(values.begin(), values.end());
    }
    return attributes;
}

// The attributes whose values differ, in either direction.
std::vector<std::string> differing(const Attributes& want, const Attributes& have) {
    std::set<std::string> names;
    for (const auto& [name, values] : want)
        if (auto found = have.find(name); found == have.end() || found->second != values)
            names.insert(name);
    for (const auto& [name, values] : have)
        if (!want.contains(name))
            names.insert(name);
    return {names.begin(), names.end()};
}

Result<void> repair(LDAP* ld, const DirectoryFix& fix, const LdifRecord& record,
                    const Attributes& want) {
    int rc = LDAP_SUCCESS;
    if (fix.op == "add") {
        rc = ldap_add_ext_s(ld, fix.dn.c_str(), record.parsed.lrop_mods, nullptr, nullptr);
    } else {
        std::vector<LDAPMod> mods(fix.attributes.size());
        std::vector<std::vector<berval>> values(fix.attributes.size());
        std::vector<std::vector<berval*>> pointers(fix.attributes.size());
        std::vector<LDAPMod*> list;
        for (std::size_t i = 0; i < fix.attributes.size(); ++i) {
            auto found = want.find(fix.attributes[i]);
            if (found != want.end())
                for (const auto& value : found->second)
                    values[i].push_back(
                        {static_cast<ber_len_t>(value.size()), const_cast<char*>(value.data())});
            for (auto& value : values[i])
                pointers[i].push_back(&value);
            pointers[i].push_back(nullptr);
            mods[i].mod_op = LDAP_MOD_REPLACE | LDAP_MOD_BVALUES;
            mods[i].mod_type = const_cast<char*>(fix.attributes[i].c_str());
            mods[i].mod_bvalues = pointers[i].data();
            list.push_back(&mods[i]);
        }
        list.push_back(nullptr);
        rc = ldap_modify_ext_s(ld, fix.dn.c_str(), list.data(), nullptr, nullptr);
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
        auto want = desired_attributes(*record);
        auto found = branch.find(lower(dn));
        DirectoryFix fix{"add", dn, {}};
        if (found != branch.end()) {
            fix = {"modify", dn, differing(want, found->second.second)};
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
