// Reading an entry's attributes, comparing them with a record's, building replaces.
#include "sync/ldap/directory_entry.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace aafd::sync {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

EntryAttributes read_entry_attributes(LDAP* ld, LDAPMessage* entry) {
    EntryAttributes attributes;
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

EntryAttributes record_attributes(LDAPMod** mods) {
    EntryAttributes attributes;
    for (auto** mod = mods; mod && *mod; ++mod) {
        auto& values = attributes[lower((*mod)->mod_type)];
        for (auto** v = (*mod)->mod_bvalues; v && *v; ++v)
            values.emplace_back((*v)->bv_val, (*v)->bv_len);
        std::sort(values.begin(), values.end());
    }
    return attributes;
}

std::vector<std::string> changed_attributes(const EntryAttributes& want,
                                            const EntryAttributes& have, bool both_ways) {
    static const std::vector<std::string> k_none;
    std::set<std::string> names;
    for (const auto& [name, values] : want) {
        auto found = have.find(name);
        if ((found == have.end() ? k_none : found->second) != values)
            names.insert(name);
    }
    if (both_ways)
        for (const auto& [name, values] : have)
            if (!want.contains(name))
                names.insert(name);
    return {names.begin(), names.end()};
}

ReplaceMods::ReplaceMods(const EntryAttributes& want, std::vector<std::string> names)
    : m_names(std::move(names)), m_values(m_names.size()), m_bervals(m_names.size()),
      m_pointers(m_names.size()), m_mods(m_names.size()) {
    for (std::size_t i = 0; i < m_names.size(); ++i) {
        if (auto found = want.find(m_names[i]); found != want.end())
            m_values[i] = found->second;
        for (auto& value : m_values[i])
            m_bervals[i].push_back({static_cast<ber_len_t>(value.size()), value.data()});
        for (auto& value : m_bervals[i])
            m_pointers[i].push_back(&value);
        m_pointers[i].push_back(nullptr);
        m_mods[i].mod_op = LDAP_MOD_REPLACE | LDAP_MOD_BVALUES;
        m_mods[i].mod_type = m_names[i].data();
        m_mods[i].mod_bvalues = m_pointers[i].data();
        m_list.push_back(&m_mods[i]);
    }
    m_list.push_back(nullptr);
}

} // namespace aafd::sync
