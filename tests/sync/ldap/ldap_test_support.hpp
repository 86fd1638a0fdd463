// What the directory tests share: a FeedFixture provider writing LDIF into a branch of a
// SlapdFixture, and one build-and-deliver cycle applying its batches to the server.
#pragma once

#include <doctest/doctest.h>

#include "sync/ldap/ldif_apply.hpp"
#include "tests/sync/feed_fixture.hpp"
#include "tests/sync/slapd_fixture.hpp"

namespace aafd::test {

using sync::FeedBatch;

inline sync::LdapSettings settings(const test::SlapdFixture& slapd) {
    return {slapd.url(), test::SlapdFixture::bind_dn(), slapd.password_file(), {},
            false,       std::chrono::seconds(10)};
}

// Provider `name` of school `uai` writing into ou=people-<branch>.
inline sync::FeedProvider ldap_provider(test::FeedFixture& f, const std::string& name,
                                        const std::string& uai, const std::string& branch) {
    auto p = f.provider(name, uai);
    p.format = sync::FeedFormat::Ldif;
    p.fields.insert(sync::FeedField::BirthDate);
    p.ldif = {"ou=people-" + branch + ",dc=aafd,dc=test", "ou=structures,dc=aafd,dc=test",
              "National_ENS", "National_DIR"};
    return p;
}

// Builds and delivers into `slapd` with up to `window` operations in flight.
inline Result<std::vector<FeedBatch>> cycle(test::FeedFixture& f, const sync::FeedProvider& p,
                                            const sync::LdapSettings& ldap,
                                            std::size_t window = 16) {
    f.build(p);
    sync::FeedDestination destination;
    destination.apply = [&](const FeedBatch& batch, const std::string& content) -> Result<void> {
        auto connection = sync::LdapConnection::open(ldap);
        if (!connection)
            return std::unexpected(connection.error());
        auto applied = sync::apply_ldif(*connection, content, batch.file, window);
        if (!applied)
            return std::unexpected(applied.error());
        return {};
    };
    return sync::deliver_pending(
        *f.accounts, p.name, destination, [](const FeedBatch&) -> Result<void> { return {}; },
        "2025-09-08T03:00:01Z");
}

inline std::int64_t cursor(test::FeedFixture& f, const std::string& provider) {
    auto c = f.accounts->cursor(provider);
    REQUIRE(c);
    return *c;
}

inline const std::string k_people_a = "ou=people-a,dc=aafd,dc=test";

} // namespace aafd::test
