// The configuration of accounts and feeds as the sync layer takes it: the profile
// table, login rule and code generator of [accounts] and [profiles], and for each
// [[provider]] its feed settings (staging in spool/feed/<name>/) and destinations.
#pragma once

#include "config/config.hpp"
#include "sync/feed/activation_code.hpp"
#include "sync/feed/builder.hpp"
#include "sync/feed/delivery.hpp"
#include "sync/feed/login.hpp"

namespace aafd::daemon {

sync::ProfileTable profile_table(const config::Config& config);
Result<sync::LoginRule> login_rule(const config::Config& config);
Result<sync::ActivationCodeGenerator> code_generator(const config::Config& config);
Result<sync::FeedProvider> feed_provider(const config::Config& config,
                                         const config::Provider& provider);
sync::FeedDestination feed_destination(const config::Provider& provider);
// The [[provider]] of that name; ErrorCode::NotFound naming the configured ones otherwise.
Result<const config::Provider*> find_provider(const config::Config& config,
                                              const std::string& name);

} // namespace aafd::daemon
