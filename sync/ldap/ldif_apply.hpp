// Applying an LDIF batch (change records: add, modify, delete) to a bound connection,
// with up to `window` operations in flight (ldap_add_ext / ldap_modify_ext /
// ldap_delete_ext, answers collected with ldap_result), so that a batch costs about one
// round trip per window rather than one per entry. A modify reads the entry first (a
// base search for the attributes it names) and replaces only those whose values differ:
// an entry already as wanted is not written, so its modifyTimestamp, which the ENT's
// tools poll, moves only when something the provider sees changed. Idempotent, so that a
// batch interrupted and applied again leaves the same directory: an add of an entry that
// exists becomes that read-and-replace, a modify of a missing entry that carries its
// object classes adds it (otherwise there is nothing to change), a delete of a missing
// entry is done. Returns only when every operation sent was answered: the caller may then
// confirm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sync/ldap/ldap_connection.hpp"

namespace aafd::sync {

struct LdifApplyReport {
    std::uint64_t added = 0;
    std::uint64_t modified = 0;
    std::uint64_t deleted = 0;
    std::uint64_t unchanged = 0; // entries already as wanted, deletes and modifies of
                                 // missing entries: nothing written
    bool operator==(const LdifApplyReport&) const = default;
};

// `name`: the batch file, for messages. BadInput for a record that does not parse or that
// the server refuses (naming the file, its line and the DN); Io when the server goes away
// or stays silent longer than the connection's timeout.
Result<LdifApplyReport> apply_ldif(const LdapConnection& connection, std::string_view ldif,
                                   const std::string& name, std::size_t window);

} // namespace aafd::sync
