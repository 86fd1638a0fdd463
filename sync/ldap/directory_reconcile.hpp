// Repairing drift in a provider's directory branch: the entries aafd should have written
// (LDIF add records, rendered from the accounts the provider holds) compared with what
// the server holds one level under the people and structures DNs. A missing entry is
// added, an entry whose attributes differ gets them replaced (attributes aafd did not
// write are removed), a person entry nobody should hold is deleted, unless it is marked
// with ENTPersonDateSuppression (aafd deletes those itself after the grace period).
// Schools are added or repaired, never deleted (other providers may share the branch).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sync/ldap/ldap_connection.hpp"

namespace aafd::sync {

struct DirectoryFix {
    std::string op; // "add", "modify", "delete"
    std::string dn;
    std::vector<std::string> attributes; // modify: the attributes replaced or removed
    bool operator==(const DirectoryFix&) const = default;
};

enum class ReconcileMode { DryRun, Repair };

// `desired`: LDIF add records (sync/feed/ldif_format's rendering of create lines). Errors
// as apply_ldif's; in Repair mode, the fixes before an error stay made.
Result<std::vector<DirectoryFix>> reconcile_directory(const LdapConnection& connection,
                                                      std::string_view desired,
                                                      const std::string& people_dn,
                                                      const std::string& structures_dn,
                                                      ReconcileMode mode);

// "add DN", "modify DN: a, b", "delete DN".
std::string describe(const DirectoryFix& fix);

} // namespace aafd::sync
