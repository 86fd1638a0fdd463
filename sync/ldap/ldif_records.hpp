// LDIF change records parsed by libldap (ldap_parse_ldif_record): each record keeps its
// text, which the parsed fields point into, and releases libldap's parse.
#pragma once

#include <ldap.h>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace aafd::sync {

// One change record, parsed: its text (which the parsed fields point into) and the owner
// of libldap's parse.
struct LdifRecord {
    std::string text;
    unsigned long line = 0;
    LDIFRecord parsed{};
    bool ok = false;
    LdifRecord() = default;
    LdifRecord(const LdifRecord&) = delete;
    LdifRecord& operator=(const LdifRecord&) = delete;
    ~LdifRecord() {
        if (ok)
            ldap_ldif_record_done(&parsed);
    }
    std::string dn() const { return {parsed.lr_dn.bv_val, parsed.lr_dn.bv_len}; }
};

// The records of `ldif`, split at blank lines, without the `version: 1` record and
// comments. BadInput names `name` and the line of a record that does not parse.
Result<std::vector<std::unique_ptr<LdifRecord>>> parse_ldif_records(std::string_view ldif,
                                                                    const std::string& name);

} // namespace aafd::sync
