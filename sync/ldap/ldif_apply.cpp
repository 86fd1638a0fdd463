// Parsing LDIF records with libldap and sending them with a bounded window in flight.
#include "sync/ldap/ldif_apply.hpp"

#include <algorithm>
#include <ldap.h>
#include <memory>
#include <unordered_map>
#include <vector>

#include "sync/ldap/ldif_records.hpp"

namespace aafd::sync {
namespace {

// A record's modifications sent with another operation than its own (add ↔ modify):
// copies of its LDAPMod headers, the values shared.
struct Mods {
    std::vector<LDAPMod> mods;
    std::vector<LDAPMod*> pointers;
};

enum class Attempt { AsWritten, AddAsReplace, ModifyAsAdd };

struct InFlight {
    std::size_t record = 0;
    Attempt attempt = Attempt::AsWritten;
    std::shared_ptr<Mods> mods; // alive until the answer
};

std::shared_ptr<Mods> mods_as(LDAPMod** from, int op) {
    auto mods = std::make_shared<Mods>();
    for (auto** mod = from; mod && *mod; ++mod) {
        if (op == LDAP_MOD_ADD && !(*mod)->mod_bvalues) // an emptied attribute: nothing to add
            continue;
        LDAPMod copy = **mod;
        copy.mod_op = op | LDAP_MOD_BVALUES;
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
                if (auto sent = send(next++, Attempt::AsWritten, nullptr); !sent)
                    return std::unexpected(sent.error());
            if (auto answered = collect(); !answered)
                return std::unexpected(answered.error());
        }
        return m_report;
    }

private:
    Result<void> send(std::size_t index, Attempt attempt, std::shared_ptr<Mods> mods) {
        const auto& r = m_records[index]->parsed;
        auto dn = m_records[index]->dn();
        int msgid = 0;
        int rc = LDAP_SUCCESS;
        if (attempt == Attempt::AddAsReplace)
            rc = ldap_modify_ext(m_ld, dn.c_str(), mods->pointers.data(), nullptr, nullptr, &msgid);
        else if (attempt == Attempt::ModifyAsAdd)
            rc = ldap_add_ext(m_ld, dn.c_str(), mods->pointers.data(), nullptr, nullptr, &msgid);
        else if (r.lr_op == LDAP_REQ_ADD)
            rc = ldap_add_ext(m_ld, dn.c_str(), r.lrop_mods, nullptr, nullptr, &msgid);
        else if (r.lr_op == LDAP_REQ_MODIFY)
            rc = ldap_modify_ext(m_ld, dn.c_str(), r.lrop_mods, nullptr, nullptr, &msgid);
        else if (r.lr_op == LDAP_REQ_DELETE)
            rc = ldap_delete_ext(m_ld, dn.c_str(), nullptr, nullptr, &msgid);
        else
            return fail(ErrorCode::BadInput, where(index) + ": only add, modify and delete");
        if (rc != LDAP_SUCCESS)
            return std::unexpected(ldap_error(rc, where(index), ErrorCode::BadInput));
        m_in_flight[msgid] = {index, attempt, std::move(mods)};
        return {};
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
        int code = LDAP_SUCCESS;
        char* text = nullptr;
        int parsed = ldap_parse_result(m_ld, message, &code, nullptr, &text, nullptr, nullptr, 1);
        std::string detail = text ? text : "";
        ldap_memfree(text);
        auto found = m_in_flight.find(msgid);
        if (found == m_in_flight.end())
            return {}; // not ours (an unsolicited notice)
        auto flight = std::move(found->second);
        m_in_flight.erase(found);
        if (parsed != LDAP_SUCCESS)
            return std::unexpected(ldap_error(parsed, where(flight.record), ErrorCode::BadInput));
        return answered(flight, code, detail);
    }

    Result<void> answered(const InFlight& flight, int code, const std::string& detail) {
        const auto& r = m_records[flight.record]->parsed;
        bool add = flight.attempt == Attempt::ModifyAsAdd ||
                   (flight.attempt == Attempt::AsWritten && r.lr_op == LDAP_REQ_ADD);
        bool modify = !add && r.lr_op != LDAP_REQ_DELETE;
        if (code == LDAP_SUCCESS) {
            ++(add ? m_report.added : modify ? m_report.modified : m_report.deleted);
            return {};
        }
        if (code == LDAP_ALREADY_EXISTS && flight.attempt == Attempt::AsWritten)
            return send(flight.record, Attempt::AddAsReplace,
                        mods_as(r.lrop_mods, LDAP_MOD_REPLACE));
        if (code == LDAP_NO_SUCH_OBJECT && flight.attempt == Attempt::AsWritten && modify &&
            names_object_classes(r.lrop_mods))
            return send(flight.record, Attempt::ModifyAsAdd, mods_as(r.lrop_mods, LDAP_MOD_ADD));
        if (code == LDAP_NO_SUCH_OBJECT && (modify || r.lr_op == LDAP_REQ_DELETE)) {
            ++m_report.unchanged;
            return {};
        }
        auto error = ldap_error(code, where(flight.record), ErrorCode::BadInput);
        if (!detail.empty())
            error.message += ": " + detail;
        return std::unexpected(error);
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
