// Specification of sync/ldap: a provider's feed written into a real slapd
// (tests/sync/slapd_fixture.hpp) by the LDIF batches of sync/feed/ldif_format, applied
// asynchronously and idempotently, the cursor advanced only once the server confirmed.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include "sync/ldap/ldif_apply.hpp"
#include "tests/sync/ldap/ldap_test_support.hpp"
#include "tests/sync/sshd_fixture.hpp"

namespace aafd {

using namespace test;

namespace {

// The entry of a dump whose DN starts with `dn_start`; empty when there is none.
std::string entry(const std::string& dump, const std::string& dn_start) {
    auto at = dump.find("dn: " + dn_start);
    return at == std::string::npos ? std::string() : dump.substr(at, dump.find("\n\n", at) - at);
}

} // namespace

TEST_CASE("ldap: a first load writes each provider's people into its branch, schools apart") {
    test::SlapdFixture slapd;
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = ldap_provider(f, "a", "0000001A", "a");
    auto b = ldap_provider(f, "b", "0000002B", "b");
    REQUIRE(cycle(f, a, settings(slapd)));
    REQUIRE(cycle(f, b, settings(slapd)));
    auto people_a = slapd.dump(k_people_a);
    // P1, P2, R1, R2, T1 (school 1) and the branch itself; P3, R3, T2 are b's.
    CHECK(people_a.find(
              "dn: uid=marie.martin,ou=people-a,dc=aafd,dc=test\n"
              "ENTEleveClasses: ENTStructureUAI=0000001A,ou=structures,dc=aafd,dc=test$6A\n"
              "ENTElevePersRelEleve: uid=paul.martin,ou=people-a,dc=aafd,dc=test\n"
              "ENTPersonDateNaissance: 01/02/2012\n"
              "ENTPersonJointure: P1\n"
              "ENTPersonLogin: marie.martin\n"
              "ENTPersonProfils: National_ELV\n"
              "ENTPersonStructRattach: ENTStructureUAI=0000001A,ou=structures,dc=aafd,dc=test\n"
              "cn: MARTIN Marie\n"
              "displayName: Marie MARTIN\n"
              "givenName: Marie\n"
              "objectClass: ENTEleve\n"
              "objectClass: ENTPerson\n"
              "objectClass: top\n"
              "sn: MARTIN\n"
              "uid: marie.martin\n") != std::string::npos);
    CHECK(people_a.find("ENTAuxPersRelEleveEleve: uid=marie.martin,ou=people-a,dc=aafd,dc=test") !=
          std::string::npos);
    CHECK(people_a.find("objectClass: ENTAuxEnseignant") != std::string::npos);
    CHECK(people_a.find("uid=luc.martin") == std::string::npos); // R3 is b's
    auto people_b = slapd.dump("ou=people-b,dc=aafd,dc=test");
    CHECK(people_b.find("dn: uid=luc.martin,ou=people-b,dc=aafd,dc=test") != std::string::npos);
    auto schools = slapd.dump("ou=structures,dc=aafd,dc=test");
    CHECK(schools.find("dn: ENTStructureUAI=0000001A,ou=structures,dc=aafd,dc=test\n"
                       "ENTStructureNomCourant: ECOLE S1\n") != std::string::npos);
    CHECK(schools.find("ENTStructureUAI=0000002B") != std::string::npos);
    CHECK(cursor(f, "a") > 0);
}

TEST_CASE("ldap: a delta updates, moves, marks the leaver and unlinks a relative, the same as a "
          "fresh load") {
    test::SlapdFixture slapd;
    test::SlapdFixture fresh;
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = ldap_provider(f, "a", "0000001A", "a");
    REQUIRE(cycle(f, a, settings(slapd)));
    f.import("Delta", "20250908",
             {{Category::Pupil,
               {// P1: new class and a new first name; R1 no longer her relative
                {"P1",
                 {{"givenName", {"Marion"}},
                  {"ENTPersonStructRattach", {"S1"}},
                  {"ENTEleveClasses", {"S1$6B"}},
                  {"ENTElevePersRelEleve", {"R2$10$1$1$1$1"}}},
                 "modifyRequest"},
                {"P2", {}, "deleteRequest"}}}}); // P2 leaves
    auto delivered = cycle(f, a, settings(slapd));
    REQUIRE(delivered);
    auto after = slapd.dump(k_people_a);
    auto marie = entry(after, "uid=marie.martin,");
    CHECK(marie.find("givenName: Marion") != std::string::npos);
    CHECK(
        marie.find("ENTEleveClasses: ENTStructureUAI=0000001A,ou=structures,dc=aafd,dc=test$6B") !=
        std::string::npos);
    CHECK(marie.find("$6A") == std::string::npos);
    CHECK(marie.find("ENTElevePersRelEleve: uid=ana.nunez,ou=people-a,dc=aafd,dc=test") !=
          std::string::npos);
    CHECK(marie.find("paul.martin") == std::string::npos);
    CHECK(entry(after, "uid=paul.martin,").find("ENTAuxPersRelEleveEleve") == std::string::npos);
    // The leaver is marked, not yet deleted (the grace period of the SDET).
    CHECK(entry(after, "uid=eloise.dalmeida-nunez,").find("ENTPersonDateSuppression: 20250908") !=
          std::string::npos);
    // A provider starting now gets the same entries, the leaver apart.
    auto a2 = ldap_provider(f, "a2", "0000001A", "a");
    REQUIRE(cycle(f, a2, settings(fresh)));
    // A relative's list of children is sent when the relative changes: R2, named by P1 now,
    // gets it when the builder re-sends the relatives of changed pupils (not yet: the
    // builder's, not the directory's, part), so that attribute is left out here.
    auto comparable = [](std::string dump) {
        if (auto at = dump.find("dn: uid=eloise.dalmeida-nunez,"); at != std::string::npos)
            dump.erase(at, dump.find("\n\n", at) + 2 - at);
        for (auto at = dump.find("ENTAuxPersRelEleveEleve: "); at != std::string::npos;
             at = dump.find("ENTAuxPersRelEleveEleve: "))
            dump.erase(at, dump.find('\n', at) + 1 - at);
        return dump;
    };
    CHECK(comparable(after) == comparable(fresh.dump(k_people_a)));
}

TEST_CASE("ldap: a teacher of two schools gets in each provider's branch the functions held in "
          "its schools only") {
    test::SlapdFixture slapd;
    test::FeedFixture f;
    f.import("Complet", "20250907",
             {{Category::Structure, {school("S1", "0000001A"), school("S2", "0000002B")}},
              {Category::Pupil, {}},
              {Category::Relative, {}},
              {Category::Staff,
               {{"T9",
                 {{"sn", {"DUPONT"}},
                  {"givenName", {"Ana"}},
                  {"ENTPersonStructRattach", {"S1", "S2"}},
                  {"ENTPersonFonctions",
                   {"S1$ENS$ENSEIGNEMENT$L0201$LETTRES", "S2$DIR$DIRECTION$$"}}}}}}});
    f.provision();
    REQUIRE(cycle(f, ldap_provider(f, "a", "0000001A", "a"), settings(slapd)));
    REQUIRE(cycle(f, ldap_provider(f, "b", "0000002B", "b"), settings(slapd)));
    const std::string suffix = ",ou=structures,dc=aafd,dc=test$";
    auto a = entry(slapd.dump(k_people_a), "uid=");
    CHECK(a.find("ENTPersonFonctions: ENTStructureUAI=0000001A" + suffix +
                 "ENS$ENSEIGNEMENT$L0201$LETTRES\n") != std::string::npos);
    CHECK(a.find("0000002B") == std::string::npos);
    auto b = entry(slapd.dump("ou=people-b,dc=aafd,dc=test"), "uid=");
    CHECK(b.find("ENTPersonFonctions: ENTStructureUAI=0000002B" + suffix + "DIR$DIRECTION$$\n") !=
          std::string::npos);
    CHECK(b.find("0000001A") == std::string::npos);
}

TEST_CASE("ldap: a modify writes only the attributes that changed, and an entry already as "
          "wanted is not written") {
    test::SlapdFixture slapd;
    test::FeedFixture f;
    f.import_year();
    f.provision();
    REQUIRE(cycle(f, ldap_provider(f, "a", "0000001A", "a"), settings(slapd)));
    const std::string dn = "uid=marie.martin,ou=people-a,dc=aafd,dc=test";
    auto csn = [&] {
        return slapd.run_tool("ldapsearch", "-LLL -s base -b '" + dn + "' entryCSN");
    };
    auto modify = [&](const std::string& sn) {
        auto connection = sync::LdapConnection::open(settings(slapd));
        REQUIRE(connection);
        auto applied =
            sync::apply_ldif(*connection,
                             "dn: " + dn + "\nchangetype: modify\nreplace: sn\nsn: " + sn +
                                 "\n-\nreplace: givenName\ngivenName: Marie\n-\n"
                                 "replace: ENTPersonDateSuppression\n-\n\n",
                             "hand.ldif", 4);
        REQUIRE(applied);
        return *applied;
    };
    auto before = csn();
    CHECK(modify("MARTIN") == sync::LdifApplyReport{.unchanged = 1}); // as it is: not written
    CHECK(csn() == before);
    CHECK(slapd.log().find(" MOD dn=\"" + dn) == std::string::npos);
    CHECK(modify("MARTIN-DURAND") == sync::LdifApplyReport{.modified = 1});
    CHECK(csn() != before);
    CHECK(entry(slapd.dump(k_people_a), dn).find("\nsn: MARTIN-DURAND\n") != std::string::npos);
    auto log = slapd.log();
    auto at = log.find(" MOD dn=\"" + dn);
    REQUIRE(at != std::string::npos);
    auto attributes = log.find(" MOD attr=", at);
    REQUIRE(attributes != std::string::npos);
    CHECK(log.substr(attributes, log.find('\n', attributes) - attributes) == " MOD attr=sn");
}

TEST_CASE("ldap: a batch interrupted half-way and applied again leaves the directory equal") {
    test::SlapdFixture slapd;
    test::SlapdFixture reference;
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = ldap_provider(f, "a", "0000001A", "a");
    f.build(a);
    auto pending = f.accounts->pending_batches("a");
    REQUIRE(pending);
    REQUIRE(pending->size() == 1);
    auto content = test::read_text(pending->front().file);
    // What a kill leaves: the first records applied, the cursor where it was.
    auto half = content.substr(0, content.find("\n\n", content.size() / 2) + 2);
    {
        auto connection = sync::LdapConnection::open(settings(slapd));
        REQUIRE(connection);
        REQUIRE(sync::apply_ldif(*connection, half, "half", 4));
    }
    CHECK(cursor(f, "a") == 0);
    auto rerun = cycle(f, a, settings(slapd));
    REQUIRE(rerun);
    CHECK(rerun->size() == 1);
    CHECK(cursor(f, "a") > 0);
    auto a2 = ldap_provider(f, "a2", "0000001A", "a");
    REQUIRE(cycle(f, a2, settings(reference), 1));
    CHECK(slapd.dump(k_people_a) == reference.dump(k_people_a));
}

TEST_CASE("ldap: the server going away mid-batch leaves the batch pending, applied at the next "
          "run") {
    test::SlapdFixture slapd;
    test::SlapdFixture reference;
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = ldap_provider(f, "a", "0000001A", "a");
    {
        // The connection is cut after the bind's answer and a few more bytes.
        auto port = std::stoi(slapd.url().substr(slapd.url().rfind(':') + 1));
        test::CuttingRelay relay(static_cast<std::uint16_t>(port), 60);
        auto cut = settings(slapd);
        cut.url = "ldap://127.0.0.1:" + std::to_string(relay.port()) + "/";
        auto failed = cycle(f, a, cut, 1);
        REQUIRE_FALSE(failed);
        CHECK(failed.error().code == ErrorCode::Io);
        CHECK(relay.cut());
    }
    CHECK(cursor(f, "a") == 0);
    auto pending = f.accounts->pending_batches("a");
    REQUIRE(pending);
    CHECK(pending->size() == 1);
    REQUIRE(cycle(f, a, settings(slapd)));
    CHECK(cursor(f, "a") > 0);
    auto a2 = ldap_provider(f, "a2", "0000001A", "a");
    REQUIRE(cycle(f, a2, settings(reference)));
    CHECK(slapd.dump(k_people_a) == reference.dump(k_people_a));
}

TEST_CASE("ldap: a refused bind names the DN and the server, never the password") {
    test::SlapdFixture slapd;
    auto wrong = settings(slapd);
    wrong.password_file = slapd.dir() / "wrong.password";
    test::write_file(wrong.password_file, "not-the-password\n");
    ::chmod(wrong.password_file.c_str(), 0600);
    auto connection = sync::LdapConnection::open(wrong);
    REQUIRE_FALSE(connection);
    CHECK(connection.error().code == ErrorCode::Config);
    CHECK(connection.error().message ==
          "LDAP bind as cn=aafd,dc=aafd,dc=test to " + slapd.url() + ": Invalid credentials (49)");
}

TEST_CASE("ldap: a password file readable by group or others is refused before connecting") {
    test::TempDir dir;
    auto file = dir / "password";
    test::write_file(file, "secret\n");
    ::chmod(file.c_str(), 0640);
    auto connection = sync::LdapConnection::open(
        {"ldap://127.0.0.1:1/", "cn=aafd", file, {}, false, std::chrono::seconds(1)});
    REQUIRE_FALSE(connection);
    CHECK(connection.error().code == ErrorCode::Config);
    CHECK(connection.error().message == "password file " + file.string() +
                                            " is readable by group or others (mode 0640): run "
                                            "chmod 600 " +
                                            file.string());
}

TEST_CASE("ldap: a record the server refuses names the batch file, its line and the DN") {
    test::SlapdFixture slapd;
    auto connection = sync::LdapConnection::open(settings(slapd));
    REQUIRE(connection);
    std::string ldif = "version: 1\n\n"
                       "dn: uid=x,ou=people-a,dc=aafd,dc=test\nchangetype: add\n"
                       "objectClass: ENTPerson\nuid: x\n\n"; // ENTPersonJointure is required
    auto applied = sync::apply_ldif(*connection, ldif, "batch.ldif", 8);
    REQUIRE_FALSE(applied);
    CHECK(applied.error().code == ErrorCode::BadInput);
    CHECK(applied.error().message.starts_with(
        "batch.ldif:3 (uid=x,ou=people-a,dc=aafd,dc=test): Object class violation (65)"));
}

TEST_CASE("ldif: batches applied with ldapmodify give the same directory as the ldap format") {
    test::SlapdFixture by_aafd;
    test::SlapdFixture by_ldapmodify;
    test::FeedFixture f;
    f.import_year();
    f.provision();
    auto a = ldap_provider(f, "a", "0000001A", "a");
    auto l = ldap_provider(f, "l", "0000001A", "a");
    REQUIRE(cycle(f, a, settings(by_aafd)));
    f.build(l);
    f.deliver("l");
    f.import(
        "Delta", "20250908",
        {{Category::Pupil,
          {{"P1", {{"givenName", {"Marion"}}, {"ENTPersonStructRattach", {"S1"}}}, "modifyRequest"},
           {"P2", {}, "deleteRequest"}}}});
    REQUIRE(cycle(f, a, settings(by_aafd)));
    f.build(l);
    f.deliver("l");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(f.dir / "outbox" / "l"))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() == 2);
    for (const auto& file : files)
        by_ldapmodify.ldapmodify(file);
    CHECK(by_aafd.dump(k_people_a) == by_ldapmodify.dump(k_people_a));
    CHECK(by_aafd.dump("ou=structures,dc=aafd,dc=test") ==
          by_ldapmodify.dump("ou=structures,dc=aafd,dc=test"));
}

} // namespace aafd
