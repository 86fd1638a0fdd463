// A real OpenLDAP slapd for the directory tests: a throwaway slapd.conf with the schema
// aafd ships (schema/aafd-sdet.schema), the mdb backend in a temporary folder, listening
// on 127.0.0.1 on a free port and logging its operations, suffix dc=aafd,dc=test with
// ou=people-a, ou=people-b and ou=structures, a bind DN for aafd whose password is in a 0600 file.
// Stopped (SIGTERM, waited for) at the end; stop() and start() again simulate an outage.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <sys/types.h>

#include "tests/test_support.hpp"

namespace aafd::test {

class SlapdFixture {
public:
    SlapdFixture(); // throws when slapd does not start
    ~SlapdFixture();
    SlapdFixture(const SlapdFixture&) = delete;
    SlapdFixture& operator=(const SlapdFixture&) = delete;

    void start();
    void stop();

    std::string url() const { return "ldap://127.0.0.1:" + std::to_string(m_port) + "/"; }
    static std::string suffix() { return "dc=aafd,dc=test"; }
    static std::string bind_dn() { return "cn=aafd,dc=aafd,dc=test"; }
    const std::filesystem::path& password_file() const { return m_password_file; }
    const std::filesystem::path& dir() const { return m_dir.path(); }

    // The entries under `base` as sorted LDIF (ldapsearch -LLL, user attributes only,
    // each entry's lines sorted, entries sorted by DN): comparable between two servers.
    std::string dump(const std::string& base) const;
    // ldapmodify -c (continue after "already exists") of an LDIF file, as the manager.
    void ldapmodify(const std::filesystem::path& ldif) const;
    // What slapd logged (loglevel stats: one line per operation, MOD lines name the
    // attributes a modify changed).
    std::string log() const;
    // Runs ldap-utils' `tool` (ldapsearch, ldapmodify, ldapdelete) bound as the manager.
    std::string run_tool(const std::string& tool, const std::string& arguments) const;

private:
    TempDir m_dir;
    std::filesystem::path m_password_file;
    std::uint16_t m_port = 0;
    pid_t m_pid = -1;
};

} // namespace aafd::test
