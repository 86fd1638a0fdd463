// An account as one provider sees it: the person's names, birth date, profiles, and
// only those of its schools, classes and groups that belong to the provider's scope.
// Pure: the caller resolves the linked people (relatives, children) beforehand.
#pragma once

#include <vector>

#include "sync/core/account_rows.hpp"
#include "sync/feed/feed_line.hpp"
#include "sync/feed/profiles.hpp"
#include "sync/feed/provider_scope.hpp"

namespace aafd::sync {

FeedAccount make_feed_account(const StoredObject& object, const Account& account, bool with_code,
                              std::vector<FeedLink> links, const ProviderScope& scope,
                              const ProfileTable& profiles);

} // namespace aafd::sync
