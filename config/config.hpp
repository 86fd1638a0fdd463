// aafd's configuration: one TOML file (/etc/aafd/aafd.toml), parsed once into this
// immutable, validated struct. Unknown keys and bad values are errors given as
// "FILE:LINE: message". The key names are a contract with sysadmins' files: never
// rename one, only add.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/cron.hpp"
#include "util/date.hpp"
#include "util/error.hpp"
#include "util/login_pattern.hpp"

namespace aafd::config {

inline constexpr const char* k_default_path = "/etc/aafd/aafd.toml";

// [[source]]: one académie's exchange server. `name` namespaces the ids. The only
// declaration of the fetch defaults: daemon/ copies every value into sync::FetchOptions.
struct Source {
    std::string name;
    std::string host;
    std::uint16_t port = 22;
    std::string user;
    std::filesystem::path key; // private key file (a secret: its path is shown, never its content)
    std::filesystem::path known_hosts; // the server's host key, checked strictly
    std::string remote_dir = "/";
    std::vector<std::string> flows = {"1D", "2D"};
    std::vector<std::string> patterns = {"*.xml", "*.tgz", "*.tar.gz", "*.zip"};
    std::chrono::seconds settle_time{120};
    std::uint64_t max_file_size = 4ull << 30;
    // When set, export files are taken from this local folder instead of the SFTP server
    // (a mounted share, tests); host, user, key and known_hosts are then not required.
    std::filesystem::path local_dir;

    bool operator==(const Source&) const = default;
};

// [import]: the only declaration of these defaults; daemon/ copies them into
// sync::ImportOptions and sync::MaintenanceOptions.
struct Import {
    unsigned grace_days = 90;           // disappeared -> deleted after this many days
    std::uint64_t guard_min_count = 50; // deletion guard: refuse when more than both
    double guard_max_percent = 5.0;     //   this count and this share of a category vanish
    std::size_t block_size = 1u << 20;  // bytes of XML parsed at a time
    unsigned max_future_days = 2;       // a set dated later than today + this is refused
    std::uint64_t max_expanded_bytes = 8ull << 30; // archives' members, all together

    bool operator==(const Import&) const = default;
};

// [profiles]: how ENT profiles are derived. Keys are categories (Eleve, PersRelEleve)
// or, under [profiles.functions], PersEducNat function codes (ENS, DIR, DOC…).
struct Profiles {
    std::map<std::string, std::string> categories;
    std::map<std::string, std::string> functions;
    std::string staff_default = "National_ETA";
    std::string teacher = "National_ENS";  // ENTPersonCategorieEnseignant=O
    std::string director = "National_DIR"; // 1D ENTEnsFonctionDir

    bool operator==(const Profiles&) const = default;
};

// [logging]
struct Logging {
    std::string level = "info"; // trace, debug, info, warn, error

    bool operator==(const Logging&) const = default;
};

// [audit]
struct Audit {
    std::filesystem::path dir = "/var/log/aafd/audit";
    unsigned retention_days = 365;

    bool operator==(const Audit&) const = default;
};

// [schedule]: when `aafd run` works. Times are UTC.
struct Schedule {
    CronSchedule run;                         // a cycle; default "0 2 * * *"
    CronSchedule late_check;                  // a cycle if a source has no set today yet,
                                              // then the lateness check; default "0 * * * *"
    std::chrono::minutes expected_by{6 * 60}; // a source without a set by then is late
    std::chrono::seconds retry_min{300};      // after a failed cycle, retry after this,
    std::chrono::seconds retry_max{3600};     //   doubling per failure up to this

    bool operator==(const Schedule&) const = default;
};

// [alerts]: the command run for a failed cycle, a tripped guard, a refused host key, a
// late set. Empty: alerts are only logged.
struct Alerts {
    std::filesystem::path command;
    std::chrono::seconds timeout{30};

    bool operator==(const Alerts&) const = default;
};

// [metrics]: the Prometheus node-exporter textfile; empty: none written.
struct Metrics {
    std::filesystem::path textfile;

    bool operator==(const Metrics&) const = default;
};

// [accounts]: how ENT accounts are made; the only declaration of these defaults, which
// daemon/feed_settings.cpp copies. The bounds are also those of sync/feed/login.hpp and
// sync/feed/activation_code.hpp, which aafd_config cannot include.
struct Accounts {
    // Literals a-z, 0-9, '.', '-', '_' and {first}, {last}, {first_initial}; checked with
    // parse_login_pattern (util/login_pattern.hpp).
    std::string login_pattern = std::string(k_default_login_pattern);
    std::size_t login_max_length = 32; // 8 to 64
    std::size_t code_length = 8;       // activation codes, 6 to 64 characters
    bool persons_in_charge = false;    // also link pupils to their persons in charge
    unsigned purge_deleted_days = 365; // deleted people leave the store after this many days

    bool operator==(const Accounts&) const = default;
};

// [provider.push]: the feed pushed to the provider's SFTP server, with the same care as
// a [[source]]: public-key authentication, the host key checked strictly.
struct ProviderPush {
    std::string host;
    std::uint16_t port = 22;
    std::string user;
    std::filesystem::path key;         // private key file (its path is shown, never its content)
    std::filesystem::path known_hosts; // the server's host key
    std::string remote_dir = "/";

    bool operator==(const ProviderPush&) const = default;
};

// Where a table was read from, for later messages (`check-config` against the store):
// not part of the value, so equal whatever the line.
struct SourceLine {
    unsigned value = 0;
    bool operator==(const SourceLine&) const { return true; }
};

// [provider.ldap]: the SDET directory a provider's accounts are written into (format
// "ldap"), or only its layout (format "ldif": base_dn and structures_dn).
struct ProviderLdap {
    std::string url; // ldap://, ldaps:// or ldapi://
    std::string bind_dn;
    std::filesystem::path password_file; // the bind password; refused if group/other may read
    std::string base_dn;                 // people: uid=<login>,<base_dn>
    std::string structures_dn;           // schools: ENTStructureUAI=<uai>,<structures_dn>
    std::filesystem::path ca_file;       // empty: the system's CAs
    bool starttls = false;
    unsigned window = 64;    // operations in flight at once
    unsigned timeout_s = 30; // a server that does not answer for this long is down

    bool operator==(const ProviderLdap&) const = default;
};

// [[provider]]: an ENT provider and the schools of its convention. It has an outbox, a
// push, or both. Its name (a-z, 0-9, '_', '-', at most 64 characters) may name folders.
// The only declaration of the feed defaults (with ProviderPush's): daemon/feed_settings.cpp
// copies them into sync::FeedProvider and sync::PushTarget.
struct Provider {
    std::string name;
    std::vector<std::string> schools; // UAIs
    std::optional<Date> start;        // the convention's first day
    std::optional<Date> end;          // its last day, not before start
    std::filesystem::path outbox;
    // Among login, names, birth_date, profiles, schools, classes, links.
    std::vector<std::string> fields = {"login", "names", "profiles", "schools", "classes", "links"};
    std::string format = "jsonl"; // "jsonl", "csv", "aaf", "be1d", "ldif" or "ldap" (docs/feed.md)
    unsigned retention_days = 92; // after end, then a final batch deletes everything it had
    std::size_t batch_max_lines = 50000;
    std::size_t aaf_chunk_records = 10000; // records a file of an `aaf` set holds at most
    bool aaf_deltas = false;     // `aaf`: Delta sets between full sets (sync/feed/aaf_history)
    unsigned aaf_full_every = 7; // `aaf` with deltas: one set in this many is full; 0: never
    std::optional<ProviderPush> push;
    SourceLine line; // of its [[provider]] in the file, for checks against the store
    std::optional<ProviderLdap> ldap; // required by formats "ldap" and "ldif"

    bool operator==(const Provider&) const = default;
};

struct Config {
    std::filesystem::path file; // where it was read from; empty for the defaults
    std::filesystem::path store_path = "/var/lib/aafd/aafd.db";
    std::filesystem::path spool_path = "/var/lib/aafd/spool";
    unsigned spool_keep_days = 30; // [spool] keep_days: applied files kept this long
    std::vector<Source> sources;
    Import import;
    Profiles profiles;
    Accounts accounts;
    Logging logging;
    Audit audit;
    std::vector<Provider> providers;
    Schedule schedule;
    Alerts alerts;
    Metrics metrics;

    const Source* find_source(const std::string& name) const;
    bool operator==(const Config&) const = default;
};

// The built-in configuration: used when no file is named and none is at k_default_path.
Config default_config();

// Parses and validates a file. Errors: ErrorCode::Config, "FILE:LINE: message".
Result<Config> load_config(const std::filesystem::path& path);
// Same, from text (tests); `name` stands for the file in messages.
Result<Config> parse_config(const std::string& text, const std::string& name);

// What `aafd check-config` reports: the configuration when valid, else every error
// found, by line ("FILE:LINE: message"; one for an unreadable file or a syntax error).
struct ConfigCheck {
    std::optional<Config> config;
    std::vector<std::string> errors;
};
ConfigCheck check_config_file(const std::filesystem::path& path);

// The effective configuration as TOML, secrets redacted, for `aafd check-config`
// (config/config_render.cpp).
std::string render_config(const Config& config);

} // namespace aafd::config
