// A connection to an LDAP server, bound as the provider's DN: the one owner of an `LDAP*`.
// The password is read from a file only its owner may read (as an SSH key is) and never
// appears in a message.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "util/error.hpp"

typedef struct ldap LDAP;

namespace aafd::sync {

struct LdapSettings {
    std::string url; // ldap://, ldaps://, ldapi://
    std::string bind_dn;
    std::filesystem::path password_file;
    std::filesystem::path ca_file; // empty: the system's
    bool starttls = false;
    std::chrono::seconds timeout{}; // connecting, and waiting for any answer
};

class LdapConnection {
public:
    // Checks the password file, connects (StartTLS when asked) and binds. Errors:
    // Config for a password file readable by others or a refused bind (the message names
    // the DN and the URL), Io when the server cannot be reached.
    static Result<LdapConnection> open(const LdapSettings& settings);
    LdapConnection(LdapConnection&&) noexcept;
    LdapConnection& operator=(LdapConnection&&) noexcept;
    ~LdapConnection(); // unbinds

    LDAP* handle() const { return m_ld.get(); }
    std::chrono::seconds timeout() const { return m_timeout; }
    const std::string& url() const { return m_url; }

private:
    struct Unbind {
        void operator()(LDAP* ld) const;
    };
    LdapConnection(LDAP* ld, std::chrono::seconds timeout, std::string url);
    std::unique_ptr<LDAP, Unbind> m_ld;
    std::chrono::seconds m_timeout{};
    std::string m_url;
};

// The error of a libldap result code: Io when the server is down or silent, `otherwise`
// else; the message is `what`: <libldap's text> (<code>).
Error ldap_error(int code, const std::string& what, ErrorCode otherwise);

} // namespace aafd::sync
