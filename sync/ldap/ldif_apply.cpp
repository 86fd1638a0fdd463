// Parsing LDIF records with libldap and sending them with a bounded window in flight.
#include "sync/ldap/ldif_apply.hpp"

#include <algorithm>
#include <ldap.h>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "sync/ldap/directory_entry.hpp"
#include "sync/ldap/ldif_records.hpp"

namespace aafd::sync {
namespace {

// A record's modifications sent with another operation than its own (add ↔ modify):
// copies of its LDAPMod headers, the values shared.
struct Mods {
    std::vector<LDAPMod> mods;
    std::vector<LDAPMod*> pointers;
};

// How a record is being sent: as written (add, delete), read first (a modify, or an add of
// an entry that exists), only its changed attributes replaced, or added (a modify of a
// missing entry that carries its object classes).
enum class Attempt { AsWritten, Read, ModifyChanged, ModifyAsAdd };

struct InFlight {
    std::size_t record = 0;
    Attempt attempt = Attempt::AsWritten;
    std::shared_ptr<Mods> mods;            // ModifyAsAdd: alive until the answer
    std::shared_ptr<ReplaceMods> replaces; // ModifyChanged: alive until the answer
};

std::shared_ptr<Mods> mods_as_add(LDAPMod** from) {
    auto mods = std::make_shared<Mods>();
    for (auto** mod = from; mod && *mod; ++mod) {
        if (!(*mod)->mod_bvalues) // an emptied attribute: nothing to add
            continue;
        LDAPMod copy = **mod;
        copy.mod_op = LDAP_MOD_ADD | LDAP_MOD_BVALUES;
        mods->mods.push_back(copy);
    }
    for (auto& mod : mods->mods)
        mods->pointers.push_back(&mod);
    mods->pointers.push_back(nullptr);
    return mods;
}

bool names_object_classes(LDAPMod** mods) {
    for (auto** mod = mods; mod && *mod; ++mod)
        if (std::string_view((*mod)->mod_type) == "objectClass" && (*mod)->mod_bvalues)
            return true;
    return false;
}

class Applier {
public:
    Applier(const LdapConnection& connection, std::vector<std::unique_ptr<LdifRecord>> records,
            const std::string& name)
        : m_ld(connection.handle()), m_timeout(connection.timeout()), m_url(connection.url()),
          m_records(std::move(records)), m_name(name) {}

    Result<LdifApplyReport> run(std::size_t window) {
        std::size_t next = 0;
        while (next < m_records.size() || !m_in_flight.empty()) {
            while (next < m_records.size() && m_in_flight.size() < window)
                if (auto sent = send(next++, {}); !sent)
                    return std::unexpected(sent.error());
            if (auto answered = collect(); !answered)
                return std::unexpected(answered.error());
        }
        return m_report;
    }

private:
    Result<void> send(std::size_t index, InFlight flight) {
        const auto& r = m_records[index]->parsed;
        auto dn = m_records[index]->dn();
        int msgid = 0;
        int rc = LDAP_SUCCESS;
        flight.record = index;
        if (flight.attempt == Attempt::Read ||
            (flight.attempt == Attempt::AsWritten && r.lr_op == LDAP_REQ_MODIFY)) {
            flight.attempt = Attempt::Read;
            rc = send_read(dn, r.lrop_mods, &msgid);
        } else if (flight.attempt == Attempt::ModifyChanged)
            rc =
                ldap_modify_ext(m_ld, dn.c_str(), flight.replaces->get(), nullptr, nullptr, &msgid);
        else if (flight.attempt == Attempt::ModifyAsAdd)
            rc = ldap_add_ext(m_ld, dn.c_str(), flight.mods->pointers.data(), nullptr, nullptr,
                              &msgid);
        else if (r.lr_op == LDAP_REQ_ADD)
            rc = ldap_add_ext(m_ld, dn.c_str(), r.lrop_mods, nullptr, nullptr, &msgid);
        else if (r.lr_op == LDAP_REQ_DELETE)
            rc = ldap_delete_ext(m_ld, dn.c_str(), nullptr, nullptr, &msgid);
        else
            return fail(ErrorCode::BadInput, where(index) + ": only add, modify and delete");
        if (rc != LDAP_SUCCESS)
            return std::unexpected(ldap_error(rc, where(index), ErrorCode::BadInput));
        m_in_flight[msgid] = std::move(flight);
        return {};
    }

    // A search of the entry itself, for the attributes the record names.
    int send_read(const std::string& dn, LDAPMod** mods, int* msgid) {
        std::vector<char*> names;
        for (auto** mod = mods; mod && *mod; ++mod)
            names.push_back((*mod)->mod_type);
        names.push_back(nullptr);
        return ldap_search_ext(m_ld, dn.c_str(), LDAP_SCOPE_BASE, "(objectClass=*)", names.data(),
                               0, nullptr, nullptr, nullptr, 0, msgid);
    }

    std::string where(std::size_t index) const {
        return m_name + ":" + std::to_string(m_records[index]->line) + " (" +
               m_records[index]->dn() + ")";
    }

    Result<void> collect() {
        timeval timeout{static_cast<time_t>(m_timeout.count()), 0};
        LDAPMessage* message = nullptr;
        int got = ldap_result(m_ld, LDAP_RES_ANY, LDAP_MSG_ALL, &timeout, &message);
        if (got == 0)
            return fail(ErrorCode::Io, "LDAP server " + m_url + " did not answer in " +
                                           std::to_string(m_timeout.count()) + " s");
        if (got < 0) {
            int code = LDAP_SERVER_DOWN;
            ldap_get_option(m_ld, LDAP_OPT_RESULT_CODE, &code);
            return std::unexpected(ldap_error(code, "LDAP server " + m_url, ErrorCode::Io));
        }
        int msgid = ldap_msgid(message);
        auto found = m_in_flight.find(msgid);
        if (found == m_in_flight.end()) {
            ldap_msgfree(message);
            return {}; // not ours (an unsolicited notice)
        }
        auto flight = std::move(found->second);
        m_in_flight.erase(found);
        std::optional<EntryAttributes> entry;
        if (auto* first = ldap_first_entry(m_ld, message))
            entry = read_entry_attributes(m_ld, first);
        int code = LDAP_SUCCESS;
        char* text = nullptr;
        int parsed = ldap_parse_result(m_ld, message, &code, nullptr, &text, nullptr, nullptr, 1);
        std::string detail = text ? text : "";
        ldap_memfree(text);
        if (parsed != LDAP_SUCCESS)
            return std::unexpected(ldap_error(parsed, where(flight.record), ErrorCode::BadInput));
        return answered(std::move(flight), code, detail, entry);
    }

    Result<void> answered(InFlight flight, int code, const std::string& detail,
                          const std::optional<EntryAttributes>& entry) {
        const auto& r = m_records[flight.record]->parsed;
        bool missing = code == LDAP_NO_SUCH_OBJECT;
        switch (flight.attempt) {
        case Attempt::Read:
            if (code == LDAP_SUCCESS && entry)
                return modify_changed(std::move(flight), *entry);
            if (missing)
                return modify_missing(std::move(flight));
            break;
        case Attempt::ModifyChanged:
            if (code == LDAP_SUCCESS)
                return count(m_report.modified);
            if (missing) // deleted since it was read
                return modify_missing(std::move(flight));
            break;
        case Attempt::ModifyAsAdd:
            if (code == LDAP_SUCCESS)
                return count(m_report.added);
            break;
        case Attempt::AsWritten:
            if (code == LDAP_SUCCESS)
                return count(r.lr_op == LDAP_REQ_ADD ? m_report.added : m_report.deleted);
            if (code == LDAP_ALREADY_EXISTS) // an add of an entry that exists: replace what differs
                return send(flight.record, {.attempt = Attempt::Read});
            if (missing && r.lr_op == LDAP_REQ_DELETE)
                return count(m_report.unchanged);
            break;
        }
        auto error = ldap_error(code, where(flight.record), ErrorCode::BadInput);
        if (!detail.empty())
            error.message += ": " + detail;
        return std::unexpected(error);
    }

    Result<void> count(std::uint64_t& counter) {
        ++counter;
        return {};
    }

    // The entry exists: replace only the attributes whose values differ from the record's.
    Result<void> modify_changed(InFlight flight, const EntryAttributes& entry) {
        auto want = record_attributes(m_records[flight.record]->parsed.lrop_mods);
        auto names = changed_attributes(want, entry, false);
        if (names.empty())
            return count(m_report.unchanged);
        return send(flight.record,
                    {.attempt = Attempt::ModifyChanged,
                     .replaces = std::make_shared<ReplaceMods>(want, std::move(names))});
    }

    // The entry is missing: added when the record carries its object classes (a modify of
    // an entry removed by hand, an add whose entry went away), else nothing to change.
    Result<void> modify_missing(InFlight flight) {
        auto** mods = m_records[flight.record]->parsed.lrop_mods;
        if (!names_object_classes(mods))
            return count(m_report.unchanged);
        return send(flight.record, {.attempt = Attempt::ModifyAsAdd, .mods = mods_as_add(mods)});
    }

    LDAP* m_ld;
    std::chrono::seconds m_timeout;
    std::string m_url;
    std::vector<std::unique_ptr<LdifRecord>> m_records;
    const std::string& m_name;
    std::unordered_map<int, InFlight> m_in_flight;
    LdifApplyReport m_report;
};

} // namespace

Result<LdifApplyReport> apply_ldif(const LdapConnection& connection, std::string_view ldif,
                                   const std::string& name, std::size_t window) {
    auto records = parse_ldif_records(ldif, name);
    if (!records)
        return std::unexpected(records.error());
    return Applier(connection, std::move(*records), name).run(std::max<std::size_t>(window, 1));
}

} // namespace aafd::sync
