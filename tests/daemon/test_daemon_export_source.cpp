// Specification of fetch_options (daemon/daemon_export_source.cpp): sync::FetchOptions has
// no defaults of its own for what a [[source]] configures, so every such value, the
// defaults of config::Source included, must be copied.
#include <doctest/doctest.h>

#include "config/config.hpp"
#include "daemon/daemon_export_source.hpp"
#include "sync/fetch/fetch_timing.hpp"
#include "sync/fetch/fetcher.hpp"

using namespace aafd;

TEST_CASE("fetch_options copies every value of a [[source]], its defaults included") {
    config::Config config = config::default_config();
    config::Source source;
    source.name = "poitiers";
    source.host = "echange.example";
    source.user = "ent";
    source.key = "/etc/aafd/id_ed25519";
    source.known_hosts = "/etc/aafd/known_hosts";

    sync::FetchTiming timing;
    timing.attempts = 2;
    sync::FetchOptions options = daemon::fetch_options(config, source, timing);

    CHECK(options.source == "poitiers");
    CHECK(options.host == source.host);
    CHECK(options.port == source.port);
    CHECK(options.user == source.user);
    CHECK(options.key == source.key);
    CHECK(options.known_hosts == source.known_hosts);
    CHECK(options.remote_dir == source.remote_dir);
    CHECK(options.patterns == source.patterns);
    CHECK(options.settle_time == source.settle_time);
    CHECK(options.max_file_size == source.max_file_size);
    CHECK(options.spool == config.spool_path);
    CHECK(options.timing.attempts == 2); // the timing given, not configured
}
