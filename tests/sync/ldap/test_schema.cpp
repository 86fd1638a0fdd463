// The shipped SDET schema (schema/aafd-sdet.schema and its cn=config form
// schema/aafd-sdet.ldif) loads into slapd, in both forms, with the same definitions.
#include <cstdio>

#include <doctest/doctest.h>

#include "tests/test_support.hpp"

namespace aafd {
namespace {

// Runs `command`; its exit status and output.
std::pair<int, std::string> shell(const std::string& command) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe);
    std::string output;
    char buffer[4096];
    while (std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, got);
    return {::pclose(pipe), output};
}

// The definitions, without comments, keywords or line structure: "( OID NAME … )" each.
std::vector<std::string> definitions(const std::string& text) {
    std::vector<std::string> found;
    for (auto at = text.find("( 1.3.6.1.4.1.4203.666.18."); at != std::string::npos;
         at = text.find("( 1.3.6.1.4.1.4203.666.18.", at + 1))
        found.push_back(text.substr(at, text.find('\n', at) - at));
    return found;
}

} // namespace

TEST_CASE("schema: the slapd.conf and cn=config forms load and define the same") {
    test::TempDir dir;
    auto schema = test::source_path("schema/aafd-sdet.schema").string();
    auto ldif = test::source_path("schema/aafd-sdet.ldif").string();
    test::write_file(dir / "slapd.conf", "include /etc/ldap/schema/core.schema\n"
                                         "include /etc/ldap/schema/cosine.schema\n"
                                         "include /etc/ldap/schema/inetorgperson.schema\n"
                                         "include " +
                                             schema + "\n");
    auto [conf_status, conf_output] =
        shell("/usr/sbin/slaptest -u -f " + (dir / "slapd.conf").string());
    INFO(conf_output);
    CHECK(conf_status == 0);
    std::string init = "dn: cn=config\nobjectClass: olcGlobal\ncn: config\n\n"
                       "dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n\n";
    for (const char* name : {"core", "cosine", "inetorgperson"})
        init += test::read_file(std::string("/etc/ldap/schema/") + name + ".ldif") + "\n";
    test::write_file(dir / "init.ldif", init + test::read_file(ldif));
    std::filesystem::create_directories(dir / "config");
    auto [ldif_status, ldif_output] =
        shell("/usr/sbin/slapadd -n0 -F " + (dir / "config").string() + " -l " +
              (dir / "init.ldif").string());
    INFO(ldif_output);
    CHECK(ldif_status == 0);
    auto from_schema = definitions(test::read_file(schema));
    CHECK(from_schema.size() == 22);
    CHECK(from_schema == definitions(test::read_file(ldif)));
}

} // namespace aafd
