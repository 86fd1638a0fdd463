// An entry's attributes as the directory holds them and as a change record wants them, the
// attributes that differ, and the replace modifications that set them: what `apply_ldif`
// sends so that a modify writes only what changed (an entry already as wanted is not
// written, and its modifyTimestamp, which the ENT's tools poll, does not move), and what
// `reconcile_directory` repairs.
#pragma once

#include <ldap.h>
#include <map>
#include <string>
#include <vector>

namespace aafd::sync {

// Attribute name in lower case → its values, sorted.
using EntryAttributes = std::map<std::string, std::vector<std::string>>;

// The attributes of a search result entry.
EntryAttributes read_entry_attributes(LDAP* ld, LDAPMessage* entry);

// The attributes a change record's modifications name, with their values (none for an
// attribute the record empties).
EntryAttributes record_attributes(LDAPMod** mods);

// The names of `want` whose values differ from `have` (an attribute `have` lacks holds no
// value); with `both_ways`, also the names `have` holds and `want` does not.
std::vector<std::string> changed_attributes(const EntryAttributes& want,
                                            const EntryAttributes& have, bool both_ways);

// Replace modifications of `names` to their values in `want` (no value: removed), owning
// what ldap_modify_ext reads until it is destroyed.
class ReplaceMods {
public:
    ReplaceMods(const EntryAttributes& want, std::vector<std::string> names);
    ReplaceMods(const ReplaceMods&) = delete;
    ReplaceMods& operator=(const ReplaceMods&) = delete;
    LDAPMod** get() { return m_list.data(); }

private:
    std::vector<std::string> m_names;
    std::vector<std::vector<std::string>> m_values;
    std::vector<std::vector<berval>> m_bervals;
    std::vector<std::vector<berval*>> m_pointers;
    std::vector<LDAPMod> m_mods;
    std::vector<LDAPMod*> m_list;
};

} // namespace aafd::sync
