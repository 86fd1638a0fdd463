// Specification of sync/ldap/directory_reconcile: a provider's branch edited by hand
// (an attribute changed, an entry removed, a stray entry added) compared with the accounts
// it holds; a dry run lists the fixes and makes none, a repair makes the branch equal to
// a fresh load again.
#include "sync/ldap/directory_reconcile.hpp"
#include "tests/sync/ldap/ldap_test_support.hpp"

namespace aafd {

using namespace test;

namespace {

// The accounts `p` holds, rendered as the add records its directory should hold.
std::string desired(test::FeedFixture& f, const sync::FeedProvider& p) {
    auto lines = sync::held_accounts(*f.accounts, p);
    REQUIRE(lines);
    auto rendered = sync::render_ldif_batch(*lines, p.fields, p.ldif, "2025-09-08T03:00:00Z");
    REQUIRE(rendered);
    return rendered->content;
}

std::vector<std::string> described(const std::vector<sync::DirectoryFix>& fixes) {
    std::vector<std::string> texts;
    for (const auto& fix : fixes)
        texts.push_back(sync::describe(fix));
    return texts;
}

} // namespace

TEST_CASE("reconcile: drift by hand is listed by a dry run, then repaired, then none is left") {
    test::SlapdFixture slapd;
    test::SlapdFixture reference;
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = ldap_provider(f, "a", "0000001A", "a");
    REQUIRE(cycle(f, a, settings(slapd)));
    auto a2 = ldap_provider(f, "a2", "0000001A", "a");
    REQUIRE(cycle(f, a2, settings(reference)));
    test::write_file(slapd.dir() / "drift.ldif",
                     "dn: uid=marie.martin,ou=people-a,dc=aafd,dc=test\nchangetype: modify\n"
                     "replace: givenName\ngivenName: Edited\n-\nadd: ENTPersonFonctions\n"
                     "ENTPersonFonctions: by hand\n-\n\n"
                     "dn: uid=stray,ou=people-a,dc=aafd,dc=test\nchangetype: add\n"
                     "objectClass: ENTPerson\nuid: stray\nENTPersonJointure: X9\n\n");
    slapd.run_tool("ldapmodify", "-f '" + (slapd.dir() / "drift.ldif").string() + "'");
    slapd.run_tool("ldapdelete", "uid=paul.martin,ou=people-a,dc=aafd,dc=test");
    auto connection = sync::LdapConnection::open(settings(slapd));
    REQUIRE(connection);
    const std::vector<std::string> expected{
        "modify uid=marie.martin,ou=people-a,dc=aafd,dc=test: entpersonfonctions, givenname",
        "add uid=paul.martin,ou=people-a,dc=aafd,dc=test",
        "delete uid=stray,ou=people-a,dc=aafd,dc=test"};
    auto dry =
        sync::reconcile_directory(*connection, desired(f, a), k_people_a,
                                  "ou=structures,dc=aafd,dc=test", sync::ReconcileMode::DryRun);
    REQUIRE(dry);
    CHECK(described(*dry) == expected);
    CHECK(slapd.dump(k_people_a) != reference.dump(k_people_a));
    auto repaired =
        sync::reconcile_directory(*connection, desired(f, a), k_people_a,
                                  "ou=structures,dc=aafd,dc=test", sync::ReconcileMode::Repair);
    REQUIRE(repaired);
    CHECK(described(*repaired) == expected);
    CHECK(slapd.dump(k_people_a) == reference.dump(k_people_a));
    auto again =
        sync::reconcile_directory(*connection, desired(f, a), k_people_a,
                                  "ou=structures,dc=aafd,dc=test", sync::ReconcileMode::DryRun);
    REQUIRE(again);
    CHECK(again->empty());
}

} // namespace aafd
