// The SDET directory's view of a provider's feed lines, as LDIF change records (RFC 2849):
// the `ldif` format, applied by the académie with `ldapmodify -c`, and the `ldap` format,
// whose batches are the same files applied by aafd itself (sync/ldap). Pure.
// docs/ldap.md is the specification: change both together.
#pragma once

#include <string>
#include <vector>

#include "sync/feed/batch_file.hpp"
#include "sync/feed/feed_line.hpp"
#include "sync/feed/format.hpp"

namespace aafd::sync {

// Where the entries go and how profiles name the SDET's auxiliary classes.
struct LdifLayout {
    std::string people_dn;        // uid=<login>,<people_dn>
    std::string structures_dn;    // ENTStructureUAI=<uai>,<structures_dn>
    std::string teacher_profile;  // [profiles] teacher: ENTAuxEnseignant
    std::string director_profile; // [profiles] director: ENTDirecteur
    bool operator==(const LdifLayout&) const = default;
};

// The DN of a person's entry and of a school's.
std::string person_dn(const LdifLayout& layout, const std::string& login);
std::string school_dn(const LdifLayout& layout, const std::string& uai);

// dd/MM/yyyy from an ISO date (yyyy-MM-dd); empty when it is not one.
std::string sdet_date(const std::string& iso_date);

// One file: first an `add` of every school the batch's created or updated accounts name,
// then per line: create → add, update → modify replacing every attribute the provider may
// see (an attribute it lost is emptied), deactivate → modify setting
// ENTPersonDateSuppression to `now`, delete → delete. `now`: ISO timestamp of the build.
// BadInput when a line is not valid UTF-8; Internal when a line has no login.
Result<RenderedBatch> render_ldif_batch(const std::vector<FeedLine>& lines,
                                        const FeedFields& fields, const LdifLayout& layout,
                                        const std::string& now);

} // namespace aafd::sync
