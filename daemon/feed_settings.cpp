// Mapping [accounts], [profiles] and [[provider]] to the sync layer's settings.
#include "daemon/feed_settings.hpp"

#include "sync/fetch/spool.hpp"

namespace aafd::daemon {

sync::ProfileTable profile_table(const config::Config& config) {
    const auto& p = config.profiles;
    return {p.categories, p.functions, p.staff_default, p.teacher, p.director};
}

Result<sync::LoginRule> login_rule(const config::Config& config) {
    return sync::make_login_rule(config.accounts.login_pattern, config.accounts.login_max_length);
}

Result<sync::ActivationCodeGenerator> code_generator(const config::Config& config) {
    return sync::ActivationCodeGenerator::create(config.accounts.code_length);
}

Result<sync::FeedProvider> feed_provider(const config::Config& config,
                                         const config::Provider& provider) {
    sync::FeedProvider feed;
    feed.name = provider.name;
    feed.schools = provider.schools;
    // "ldap" builds the same LDIF batches as "ldif" and applies them itself.
    auto format = sync::feed_format_from_name(provider.format == "ldap" ? "ldif" : provider.format);
    if (!format)
        return fail(ErrorCode::Config,
                    "provider " + provider.name + ": unknown format " + provider.format);
    feed.format = *format;
    for (const auto& name : provider.fields) {
        auto field = sync::feed_field_from_name(name);
        if (!field)
            return fail(ErrorCode::Config, "provider " + provider.name + ": unknown field " + name);
        feed.fields.insert(*field);
    }
    feed.batch_max_lines = provider.batch_max_lines;
    feed.aaf_chunk_records = provider.aaf_chunk_records;
    feed.aaf_deltas = provider.aaf_deltas;
    feed.aaf_full_every = provider.aaf_full_every;
    feed.persons_in_charge = config.accounts.persons_in_charge;
    feed.profiles = profile_table(config);
    feed.staging = sync::feed_staging_dir(config.spool_path, provider.name);
    if (provider.ldap)
        feed.ldif = {provider.ldap->base_dn, provider.ldap->structures_dn, config.profiles.teacher,
                     config.profiles.director};
    return feed;
}

sync::FeedDestination feed_destination(const config::Provider& provider) {
    sync::FeedDestination destination{provider.outbox, std::nullopt};
    if (provider.push) {
        const auto& push = *provider.push;
        sync::PushTarget target;
        target.server.host = push.host;
        target.server.port = push.port;
        target.server.user = push.user;
        target.server.known_hosts = push.known_hosts;
        target.key = push.key;
        target.remote_dir = push.remote_dir;
        destination.push = target;
    }
    return destination;
}

Result<const config::Provider*> find_provider(const config::Config& config,
                                              const std::string& name) {
    std::string names;
    for (const auto& provider : config.providers) {
        if (provider.name == name)
            return &provider;
        names += (names.empty() ? "" : ", ") + provider.name;
    }
    return fail(ErrorCode::NotFound, "no [[provider]] named " + name +
                                         " (configured: " + (names.empty() ? "none" : names) + ")");
}

} // namespace aafd::daemon
