// Specification of config/config.cpp: defaults, the shipped example, every kind of error
// with its exact "FILE:LINE: message", the profile table and the rendered text.
#include <doctest/doctest.h>

#include "config/config.hpp"
#include "tests/test_support.hpp"

using namespace aafd;
using namespace aafd::config;
using namespace std::chrono_literals;

namespace {

// A [[source]] with the required keys only, on lines 1 to 6.
const std::string k_source = "[[source]]\n"
                             "name = \"poitiers\"\n"
                             "host = \"echange.example\"\n"
                             "user = \"ent\"\n"
                             "key = \"/etc/aafd/id_ed25519\"\n"
                             "known_hosts = \"/etc/aafd/known_hosts\"\n";

// A [[provider]] with the required keys only, on lines 1 to 3.
const std::string k_provider = "[[provider]]\n"
                               "name = \"beneylu\"\n"
                               "outbox = \"/var/lib/aafd/outbox/beneylu\"\n";

// A [provider.push] with the required keys only, on lines 1 to 5 of the block.
const std::string k_push = "[provider.push]\n"
                           "host = \"sftp.provider.example\"\n"
                           "user = \"aafd\"\n"
                           "key = \"/etc/aafd/keys/provider_ed25519\"\n"
                           "known_hosts = \"/etc/aafd/keys/provider_known_hosts\"\n";

// `block` with its line `KEY = …` replaced by `line`, keeping the line numbers.
std::string with_line(const std::string& block, const std::string& key, const std::string& line) {
    auto start = block.find("\n" + key + " = ") + 1;
    auto end = block.find('\n', start);
    return block.substr(0, start) + line + block.substr(end);
}

struct ErrorCase {
    std::string text;
    std::string message;
};

// The message of the error parsing `text` as t.toml gives, or "(no error)".
std::string error_of(const std::string& text) {
    auto result = parse_config(text, "t.toml");
    if (result)
        return "(no error)";
    CHECK(result.error().code == ErrorCode::Config);
    return result.error().message;
}

void check_errors(const std::vector<ErrorCase>& cases) {
    for (const ErrorCase& error : cases) {
        CAPTURE(error.text);
        CHECK(error_of(error.text) == error.message);
    }
}

Config parse_ok(const std::string& text) {
    auto result = parse_config(text, "t.toml");
    REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
    return *result;
}

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// What config/aafd.toml.example must hold: the defaults plus its example entries.
Config expected_example(const std::filesystem::path& file) {
    Config config = default_config();
    config.file = file;
    Source source;
    source.name = "poitiers";
    source.host = "echange.example";
    source.user = "ent-prestataire";
    source.key = "/etc/aafd/id_ed25519";
    source.known_hosts = "/etc/aafd/known_hosts";
    source.remote_dir = "/depot/aaf";
    config.sources.push_back(source);
    Provider provider;
    provider.name = "beneylu";
    provider.schools = {"0061594A"};
    provider.start = ymd(2023, 6, 26);
    provider.end = ymd(2027, 8, 31);
    provider.outbox = "/var/lib/aafd/outbox/beneylu";
    ProviderPush push;
    push.host = "sftp.provider.example";
    push.user = "aafd";
    push.key = "/etc/aafd/keys/provider_ed25519";
    push.known_hosts = "/etc/aafd/keys/provider_known_hosts";
    push.remote_dir = "/incoming";
    provider.push = push;
    config.providers.push_back(provider);
    return config;
}

} // namespace

TEST_CASE("default_config holds the documented defaults") {
    Config config = default_config();
    CHECK(config.file.empty());
    CHECK(config.store_path == "/var/lib/aafd/aafd.db");
    CHECK(config.spool_path == "/var/lib/aafd/spool");
    CHECK(config.sources.empty());
    CHECK(config.providers.empty());
    CHECK(config.import.grace_days == 90);
    CHECK(config.import.guard_min_count == 50);
    CHECK(config.import.guard_max_percent == 5.0);
    CHECK(config.import.block_size == 1u << 20);
    CHECK(config.logging.level == "info");
    CHECK(config.audit.dir == "/var/log/aafd/audit");
    CHECK(config.audit.retention_days == 365);
    CHECK(config.accounts.login_pattern == "{first}.{last}");
    CHECK(config.accounts.login_max_length == 32);
    CHECK(config.accounts.code_length == 8);
    CHECK_FALSE(config.accounts.persons_in_charge);
    CHECK(config.accounts.purge_deleted_days == 365);

    SUBCASE("the profile table of aaf-format.md §3") {
        CHECK(config.profiles.categories ==
              std::map<std::string, std::string>{{"Eleve", "National_ELV"},
                                                 {"PersRelEleve", "National_TUT"}});
        CHECK(config.profiles.functions == std::map<std::string, std::string>{
                                               {"AED", "National_EVS"},
                                               {"DIR", "National_DIR"},
                                               {"DOC", "National_DOC"},
                                               {"EDU", "National_EVS"},
                                               {"ENS", "National_ENS"},
                                               {"FIJ", "National_ENS"},
                                               {"SUR", "National_EVS"},
                                           });
        CHECK(config.profiles.staff_default == "National_ETA");
        CHECK(config.profiles.teacher == "National_ENS");
        CHECK(config.profiles.director == "National_DIR");
    }

    SUBCASE("an empty file gives the defaults") {
        Config parsed = parse_ok("");
        CHECK(parsed.file == "t.toml");
        parsed.file.clear();
        CHECK(parsed == config);
    }
}

TEST_CASE("the shipped example config loads") {
    auto path = test::source_path("config/aafd.toml.example");
    auto config = load_config(path);
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().message));
    CHECK(config->sources.size() == 1);
    CHECK(config->sources[0].port == 22);
    CHECK(config->sources[0].settle_time == 120s);
    CHECK(config->providers.at(0).fields.size() == 6);
    CHECK(*config == expected_example(path));
}

TEST_CASE("a full file sets every key") {
    Config config = parse_ok(R"([store]
path = "/srv/aafd/store.db"
[spool]
path = "/srv/aafd/spool"
[[source]]
name = "nice-1d"
host = "sftp.ac-nice.example"
port = 2222
user = "ent"
key = "/etc/aafd/nice.key"
known_hosts = "/etc/aafd/nice.hosts"
remote_dir = "aaf/out"
flows = ["1D"]
patterns = ["*.xml"]
settle_time = 0
max_file_size = 1000
[import]
grace_days = 30
guard_min_count = 0
guard_max_percent = 12
block_size = 65536
max_expanded_bytes = 1073741824
[accounts]
login_pattern = "{first_initial}{last}"
login_max_length = 20
code_length = 10
persons_in_charge = true
purge_deleted_days = 30
[logging]
level = "debug"
[audit]
dir = "/srv/audit"
retention_days = 180
[[provider]]
name = "ent_06"
schools = ["0061594A", "0060001Z"]
end = 2030-01-01
fields = ["login", "birth_date"]
format = "csv"
retention_days = 0
batch_max_lines = 1000
[provider.push]
host = "sftp.ent06.example"
port = 2022
user = "aafd06"
key = "/etc/aafd/ent06.key"
known_hosts = "/etc/aafd/ent06.hosts"
remote_dir = "in"
)");
    CHECK(config.store_path == "/srv/aafd/store.db");
    CHECK(config.spool_path == "/srv/aafd/spool");
    REQUIRE(config.sources.size() == 1);
    const Source& source = config.sources[0];
    CHECK(source.name == "nice-1d");
    CHECK(source.host == "sftp.ac-nice.example");
    CHECK(source.port == 2222);
    CHECK(source.user == "ent");
    CHECK(source.key == "/etc/aafd/nice.key");
    CHECK(source.known_hosts == "/etc/aafd/nice.hosts");
    CHECK(source.remote_dir == "aaf/out");
    CHECK(source.flows == std::vector<std::string>{"1D"});
    CHECK(source.patterns == std::vector<std::string>{"*.xml"});
    CHECK(source.settle_time == 0s);
    CHECK(source.max_file_size == 1000);
    CHECK(config.import.grace_days == 30);
    CHECK(config.import.guard_min_count == 0);
    CHECK(config.import.guard_max_percent == 12.0);
    CHECK(config.import.block_size == 65536);
    CHECK(config.import.max_expanded_bytes == 1073741824);
    CHECK(config.logging.level == "debug");
    CHECK(config.audit.dir == "/srv/audit");
    CHECK(config.audit.retention_days == 180);
    REQUIRE(config.providers.size() == 1);
    const Provider& provider = config.providers[0];
    CHECK(provider.name == "ent_06");
    CHECK(provider.schools == std::vector<std::string>{"0061594A", "0060001Z"});
    CHECK_FALSE(provider.start.has_value());
    CHECK(provider.end == ymd(2030, 1, 1));
    CHECK(provider.outbox.empty());
    CHECK(provider.fields == std::vector<std::string>{"login", "birth_date"});
    CHECK(provider.format == "csv");
    CHECK(provider.retention_days == 0);
    CHECK(provider.batch_max_lines == 1000);
    REQUIRE(provider.push.has_value());
    CHECK(provider.push->host == "sftp.ent06.example");
    CHECK(provider.push->port == 2022);
    CHECK(provider.push->user == "aafd06");
    CHECK(provider.push->key == "/etc/aafd/ent06.key");
    CHECK(provider.push->known_hosts == "/etc/aafd/ent06.hosts");
    CHECK(provider.push->remote_dir == "in");
    CHECK(config.accounts.login_pattern == "{first_initial}{last}");
    CHECK(config.accounts.login_max_length == 20);
    CHECK(config.accounts.code_length == 10);
    CHECK(config.accounts.persons_in_charge);
    CHECK(config.accounts.purge_deleted_days == 30);
}

TEST_CASE("find_source finds a source by name") {
    Config config = parse_ok(k_source + "[[source]]\nname = \"nice\"\nhost = \"h\"\nuser = \"u\"\n"
                                        "key = \"/k\"\nknown_hosts = \"/kh\"\n");
    REQUIRE(config.find_source("nice") != nullptr);
    CHECK(config.find_source("nice")->host == "h");
    CHECK(config.find_source("poitiers") == &config.sources[0]);
    CHECK(config.find_source("lyon") == nullptr);
}

TEST_CASE("[profiles] entries override and extend the defaults") {
    Config config = parse_ok("[profiles]\n"
                             "PersRelEleve = \"Local_TUT\"\n"
                             "PersEducNat = \"National_PERS\"\n"
                             "staff_default = \"Local_ETA\"\n"
                             "[profiles.functions]\n"
                             "DOC = \"National_ENS\"\n"
                             "CPE = \"National_EVS\"\n");
    const Profiles& profiles = config.profiles;
    CHECK(profiles.categories.at("Eleve") == "National_ELV");
    CHECK(profiles.categories.at("PersRelEleve") == "Local_TUT");
    CHECK(profiles.categories.at("PersEducNat") == "National_PERS");
    CHECK(profiles.functions.at("DOC") == "National_ENS");
    CHECK(profiles.functions.at("CPE") == "National_EVS");
    CHECK(profiles.functions.at("ENS") == "National_ENS");
    CHECK(profiles.functions.at("SUR") == "National_EVS");
    CHECK(profiles.functions.size() == 8);
    CHECK(profiles.staff_default == "Local_ETA");
    CHECK(profiles.teacher == "National_ENS");
    CHECK(profiles.director == "National_DIR");
}

TEST_CASE("errors are FILE:LINE: message") {
    SUBCASE("TOML syntax") {
        check_errors({
            {"[store\n", "t.toml:1: Error while parsing table header: expected ']', saw '\\n'"},
            {"[import]\ngrace_days = 1\ngrace_days = 2\n",
             "t.toml:3: Error while parsing key-value pair: cannot redefine existing integer "
             "'grace_days'"},
        });
    }

    SUBCASE("unknown keys, wherever they are") {
        check_errors({
            {"\n\nsotre = 1\n", "t.toml:3: unknown key 'sotre' (did you mean 'store'?)"},
            {"[store]\npath = \"/a\"\nmode = 1\n", "t.toml:3: unknown key 'mode' in [store]"},
            {"[spool]\npaht = \"/a\"\n",
             "t.toml:2: unknown key 'paht' in [spool] (did you mean 'path'?)"},
            {k_source + "hots = \"x\"\n",
             "t.toml:7: unknown key 'hots' in [[source]] (did you mean 'host'?)"},
            {"source = [{name = \"a\", hots = \"x\"}]\n",
             "t.toml:1: unknown key 'hots' in [[source]] (did you mean 'host'?)"},
            {"[import]\ngrace = 1\n", "t.toml:2: unknown key 'grace' in [import]"},
            {"[profiles]\nEleves = \"x\"\n",
             "t.toml:2: unknown key 'Eleves' in [profiles] (did you mean 'Eleve'?)"},
            {"[logging]\nlevel = \"info\"\nfile = \"/x\"\n",
             "t.toml:3: unknown key 'file' in [logging]"},
            {"[audit]\nretention = 1\n", "t.toml:2: unknown key 'retention' in [audit]"},
            {k_provider + "password = \"hunter2\"\n",
             "t.toml:4: unknown key 'password' in [[provider]]"},
            {"[accounts]\nlogin = \"x\"\n", "t.toml:2: unknown key 'login' in [accounts]"},
            {k_provider + k_push + "password = \"hunter2\"\n",
             "t.toml:9: unknown key 'password' in [provider.push]"},
            {"\"bad\\nkey\" = 1\n", "t.toml:1: unknown key 'bad\\x0Akey'"},
        });
    }

    SUBCASE("sections of the wrong type") {
        check_errors({
            {"store = \"/var/lib/aafd/aafd.db\"\n", "t.toml:1: store must be a table ([store])"},
            {"[source]\nname = \"a\"\n",
             "t.toml:1: source must be an array of tables ([[source]])"},
            {"provider = [1]\n", "t.toml:1: provider must be an array of tables ([[provider]])"},
            {"[profiles]\nfunctions = \"x\"\n",
             "t.toml:2: profiles.functions must be a table ([profiles.functions])"},
        });
    }

    SUBCASE("wrong types") {
        check_errors({
            {k_source + "port = \"22\"\n",
             "t.toml:7: source.port must be an integer from 1 to 65535"},
            {with_line(k_source, "host", "host = 1"),
             "t.toml:3: source.host must be a non-empty string"},
            {with_line(k_source, "host", "host = \"\""),
             "t.toml:3: source.host must be a non-empty string"},
            {k_source + "flows = \"1D\"\n",
             "t.toml:7: source.flows must be a non-empty array of strings"},
            {k_source + "patterns = [\"*.xml\", 1]\n",
             "t.toml:7: source.patterns must be a non-empty array of strings"},
            {k_source + "settle_time = 1.5\n",
             "t.toml:7: source.settle_time must be a non-negative integer"},
            {"[import]\n\ngrace_days = 90.0\n",
             "t.toml:3: import.grace_days must be a positive integer"},
            {"[import]\nguard_max_percent = \"5\"\n",
             "t.toml:2: import.guard_max_percent must be a number from 0 to 100"},
            {"[profiles]\nEleve = 1\n", "t.toml:2: profiles.Eleve must be a non-empty string"},
            {"[profiles.functions]\nENS = true\n",
             "t.toml:2: profiles.functions.ENS must be a non-empty string"},
            {"[logging]\nlevel = 1\n",
             "t.toml:2: logging.level must be one of trace, debug, info, warn, error"},
            {k_provider + "start = \"2023-06-26\"\n",
             "t.toml:4: provider.start must be a date (YYYY-MM-DD, unquoted)"},
            {k_provider + "end = 2027-08-31T00:00:00\n",
             "t.toml:4: provider.end must be a date (YYYY-MM-DD, unquoted)"},
        });
    }

    SUBCASE("values out of range") {
        check_errors({
            {k_source + "port = 0\n", "t.toml:7: source.port must be an integer from 1 to 65535"},
            {k_source + "port = 65536\n",
             "t.toml:7: source.port must be an integer from 1 to 65535"},
            {k_source + "settle_time = -1\n",
             "t.toml:7: source.settle_time must be a non-negative integer"},
            {k_source + "max_file_size = 0\n",
             "t.toml:7: source.max_file_size must be a positive integer"},
            {"[import]\n\ngrace_days = 0\n",
             "t.toml:3: import.grace_days must be a positive integer"},
            {"[import]\ngrace_days = 4294967296\n",
             "t.toml:2: import.grace_days must be a positive integer"},
            {"[import]\nguard_min_count = -1\n",
             "t.toml:2: import.guard_min_count must be a non-negative integer"},
            {"[import]\nguard_max_percent = 100.5\n",
             "t.toml:2: import.guard_max_percent must be a number from 0 to 100"},
            {"[import]\nguard_max_percent = -1\n",
             "t.toml:2: import.guard_max_percent must be a number from 0 to 100"},
            {"[import]\nguard_max_percent = nan\n",
             "t.toml:2: import.guard_max_percent must be a number from 0 to 100"},
            {"[import]\nblock_size = 0\n",
             "t.toml:2: import.block_size must be a positive integer"},
            {"[audit]\nretention_days = 0\n",
             "t.toml:2: audit.retention_days must be a positive integer"},
            {"[logging]\nlevel = \"verbose\"\n",
             "t.toml:2: logging.level must be one of trace, debug, info, warn, error"},
        });
    }

    SUBCASE("the edges of the ranges are accepted") {
        Config config = parse_ok(k_source + "port = 65535\n[import]\nguard_max_percent = 100\n"
                                            "guard_min_count = 0\n");
        CHECK(config.sources[0].port == 65535);
        CHECK(config.import.guard_max_percent == 100.0);
        CHECK(parse_ok(k_source + "port = 1\n").sources[0].port == 1);
        CHECK(parse_ok("[import]\nguard_max_percent = 0.0\n").import.guard_max_percent == 0.0);
    }

    SUBCASE("bad names and list values") {
        check_errors({
            {with_line(k_source, "name", "name = \"Poitiers\""),
             "t.toml:2: source.name must be a non-empty string of a-z, 0-9, '_' and '-'"},
            {with_line(k_provider, "name", "name = \"a b\""),
             "t.toml:2: provider.name must be a non-empty string of a-z, 0-9, '_' and '-'"},
            {with_line(k_provider, "name", "name = \"../etc\""),
             "t.toml:2: provider.name must be a non-empty string of a-z, 0-9, '_' and '-'"},
            {k_source + "flows = [\"1D\", \"3D\"]\n",
             "t.toml:7: source.flows has an unknown flow '3D' (expected one of 1D, 2D)"},
            {k_source + "flows = [\n  \"2D\",\n  \"2D\",\n]\n",
             "t.toml:9: source.flows has '2D' twice"},
            {k_source + "flows = []\n",
             "t.toml:7: source.flows must be a non-empty array of strings"},
            {k_source + "patterns = [\"in/*.xml\"]\n",
             "t.toml:7: source.patterns has 'in/*.xml', which is not a file name pattern (it "
             "has a '/')"},
            {k_provider + "schools = [\"0061594A\", \"006159A\"]\n",
             "t.toml:4: provider.schools has '006159A', which is not a UAI (7 digits and a "
             "capital letter, e.g. 0061594A)"},
            {k_provider + "schools = [\"0061594a\"]\n",
             "t.toml:4: provider.schools has '0061594a', which is not a UAI (7 digits and a "
             "capital letter, e.g. 0061594A)"},
            {k_provider + "schools = [\"00615941\"]\n",
             "t.toml:4: provider.schools has '00615941', which is not a UAI (7 digits and a "
             "capital letter, e.g. 0061594A)"},
            {k_provider + "fields = [\"login\", \"birthdate\"]\n",
             "t.toml:4: provider.fields has an unknown field 'birthdate' (expected one of "
             "login, names, birth_date, profiles, schools, classes, links)"},
            {k_provider + "fields = [\"login\", \"email\"]\n",
             "t.toml:4: provider.fields has an unknown field 'email' (expected one of "
             "login, names, birth_date, profiles, schools, classes, links)"},
            {"[profiles.functions]\nens = \"National_ENS\"\n",
             "t.toml:2: profiles.functions: 'ens' is not a function code (A-Z, 0-9 and '_')"},
        });
    }

    SUBCASE("missing required keys, at the line of their table") {
        check_errors({
            {"\n[[source]]\nhost = \"h\"\nuser = \"u\"\nkey = \"/k\"\nknown_hosts = \"/kh\"\n",
             "t.toml:2: missing key 'name' in [[source]]"},
            {"[[source]]\nname = \"a\"\nuser = \"u\"\nkey = \"/k\"\nknown_hosts = \"/kh\"\n",
             "t.toml:1: missing key 'host' in [[source]]"},
            {"[[source]]\nname = \"a\"\nhost = \"h\"\nkey = \"/k\"\nknown_hosts = \"/kh\"\n",
             "t.toml:1: missing key 'user' in [[source]]"},
            {"[[source]]\nname = \"a\"\nhost = \"h\"\nuser = \"u\"\nknown_hosts = \"/kh\"\n",
             "t.toml:1: missing key 'key' in [[source]]"},
            {"[[source]]\nname = \"a\"\nhost = \"h\"\nuser = \"u\"\nkey = \"/k\"\n",
             "t.toml:1: missing key 'known_hosts' in [[source]]"},
            {k_provider + "[[provider]]\nschools = [\"0061594A\"]\noutbox = \"/o\"\n",
             "t.toml:4: missing key 'name' in [[provider]]"},
        });
    }

    SUBCASE("duplicate names") {
        check_errors({
            {k_source + "\n" + k_source,
             "t.toml:9: duplicate source name 'poitiers' (first at line 2)"},
            {k_provider + k_provider,
             "t.toml:5: duplicate provider name 'beneylu' (first at line 2)"},
        });
    }

    SUBCASE("relative paths where an absolute one is required") {
        check_errors({
            {"[store]\npath = \"aafd.db\"\n", "t.toml:2: store.path must be an absolute path"},
            {"[spool]\npath = \"spool\"\n", "t.toml:2: spool.path must be an absolute path"},
            {"[spool]\npath = \"\"\n", "t.toml:2: spool.path must be an absolute path"},
            {with_line(k_source, "key", "key = \"id_ed25519\""),
             "t.toml:5: source.key must be an absolute path"},
            {with_line(k_source, "known_hosts", "known_hosts = \"./known_hosts\""),
             "t.toml:6: source.known_hosts must be an absolute path"},
            {"[audit]\ndir = \"audit\"\n", "t.toml:2: audit.dir must be an absolute path"},
            {with_line(k_provider, "outbox", "outbox = \"outbox/beneylu\""),
             "t.toml:3: provider.outbox must be an absolute path"},
            {"[store]\npath = 1\n", "t.toml:2: store.path must be an absolute path"},
        });
    }

    SUBCASE("a convention's end not before its start") {
        check_errors({
            {k_provider + "start = 2027-08-31\nend = 2023-06-26\n",
             "t.toml:5: provider.end must not be before provider.start"},
            {k_provider + "end = 2023-06-25\nstart = 2023-06-26\n",
             "t.toml:4: provider.end must not be before provider.start"},
        });
        CHECK(parse_ok(k_provider + "start = 2023-06-26\nend = 2023-06-27\n").providers[0].end ==
              ymd(2023, 6, 27));
        // a one-day convention: end is its last day
        CHECK(parse_ok(k_provider + "start = 2023-06-26\nend = 2023-06-26\n").providers[0].end ==
              ymd(2023, 6, 26));
    }

    SUBCASE("of several errors, the one on the earliest line is reported") {
        CHECK(error_of("[logging]\nlevel = \"loud\"\n[audit]\nretention_days = 0\n"
                       "[import]\nblock_size = 0\n") ==
              "t.toml:2: logging.level must be one of trace, debug, info, warn, error");
        CHECK(error_of("[import]\nblock_size = 0\ngrace_days = 0\n") ==
              "t.toml:2: import.block_size must be a positive integer");
    }
}

TEST_CASE("load_config reads a file") {
    test::TempDir dir;

    SUBCASE("a good file, named in messages by its path") {
        auto path = dir / "aafd.toml";
        test::write_file(path, "[logging]\nlevel = \"warn\"\n");
        auto config = load_config(path);
        REQUIRE(config.has_value());
        CHECK(config->file == path);
        CHECK(config->logging.level == "warn");

        test::write_file(path, "[logging]\nlevel = \"warn\"\nlevle = \"x\"\n");
        auto bad = load_config(path);
        REQUIRE_FALSE(bad.has_value());
        CHECK(bad.error().message ==
              path.string() + ":3: unknown key 'levle' in [logging] (did you mean 'level'?)");
    }

    SUBCASE("a missing file") {
        auto path = dir / "none.toml";
        auto config = load_config(path);
        REQUIRE_FALSE(config.has_value());
        CHECK(config.error().code == ErrorCode::Config);
        CHECK(config.error().message == path.string() + ": cannot read: No such file or directory");
    }

    SUBCASE("a folder") {
        auto config = load_config(dir.path());
        REQUIRE_FALSE(config.has_value());
        CHECK(config.error().code == ErrorCode::Config);
        CHECK(config.error().message == dir.path().string() + ": cannot read: Is a directory");
    }
}

TEST_CASE("render_config prints the effective config as TOML") {
    SUBCASE("every section, defaults included") {
        std::string text = render_config(default_config());
        for (const char* line :
             {"[store]\npath = \"/var/lib/aafd/aafd.db\"\n", "[spool]\n", "[import]\n",
              "grace_days = 90\n", "guard_max_percent = 5.0\n", "block_size = 1048576\n",
              "[profiles]\n", "Eleve = \"National_ELV\"\n", "[profiles.functions]\n",
              "FIJ = \"National_ENS\"\n", "[logging]\nlevel = \"info\"\n", "[audit]\n",
              "retention_days = 365\n"}) {
            CAPTURE(line);
            CHECK(text.find(line) != std::string::npos);
        }
    }

    SUBCASE("parses back to an equal config") {
        std::vector<Config> configs = {default_config()};
        auto example = load_config(test::source_path("config/aafd.toml.example"));
        REQUIRE(example.has_value());
        configs.push_back(*example);
        Config odd = parse_ok(k_source + "remote_dir = \"/d\\\"ü\\\\x\\ty\\u0001\"\n"
                                         "patterns = [\"a b\", \"'*'\"]\n"
                                         "[import]\nguard_max_percent = 0.1\n"
                                         "[profiles.functions]\nX_1 = \"Lo\\ncal\"\n");
        configs.push_back(odd);
        for (Config config : configs) {
            config.file = "t.toml";
            std::string text = render_config(config);
            CAPTURE(text);
            CHECK(parse_ok(text) == config);
        }
    }

    SUBCASE("never prints a key file's content, only its path") {
        test::TempDir dir;
        auto key = dir / "id_ed25519";
        test::write_file(key, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n");
        Config config = parse_ok("[[source]]\nname = \"a\"\nhost = \"h\"\nuser = \"u\"\n"
                                 "key = \"" +
                                 key.string() + "\"\nknown_hosts = \"/kh\"\n");
        std::string text = render_config(config);
        CHECK(text.find("key = \"" + key.string() + "\"\n") != std::string::npos);
        CHECK(text.find("PRIVATE KEY") == std::string::npos);
        CHECK(text.find("b3BlbnNzaC1rZXk") == std::string::npos);
    }
}

TEST_CASE("the daemon's sections: [schedule], [alerts], [metrics], [spool] keep_days") {
    SUBCASE("defaults") {
        Config config = default_config();
        CHECK(config.schedule.run.text == "0 2 * * *");
        CHECK(config.schedule.late_check.text == "0 * * * *");
        CHECK(config.schedule.expected_by == 6h);
        CHECK(config.schedule.retry_min == 300s);
        CHECK(config.schedule.retry_max == 3600s);
        CHECK(config.alerts.command.empty());
        CHECK(config.alerts.timeout == 30s);
        CHECK(config.metrics.textfile.empty());
        CHECK(config.spool_keep_days == 30);
    }
    SUBCASE("every key set") {
        Config config =
            parse_ok("[spool]\nkeep_days = 7\n"
                     "[schedule]\nrun = \"30 1 * * 1-5\"\nlate_check = \"*/30 * * * *\"\n"
                     "expected_by = \"07:45\"\nretry_min = 60\nretry_max = 600\n"
                     "[alerts]\ncommand = \"/usr/local/bin/notify-admins\"\n"
                     "timeout = 10\n"
                     "[metrics]\ntextfile = \"/var/lib/prometheus/node-exporter/"
                     "aafd.prom\"\n");
        CHECK(config.spool_keep_days == 7);
        CHECK(config.schedule.run == *parse_cron("30 1 * * 1-5"));
        CHECK(config.schedule.late_check.text == "*/30 * * * *");
        CHECK(config.schedule.expected_by == 7h + 45min);
        CHECK(config.schedule.retry_min == 60s);
        CHECK(config.schedule.retry_max == 600s);
        CHECK(config.alerts.command == "/usr/local/bin/notify-admins");
        CHECK(config.alerts.timeout == 10s);
        CHECK(config.metrics.textfile == "/var/lib/prometheus/node-exporter/aafd.prom");
        config.file = "t.toml";
        CHECK(parse_ok(render_config(config)) == config);
    }
    SUBCASE("a source with local_dir needs no SFTP keys") {
        Config config = parse_ok("[[source]]\nname = \"demo\"\nlocal_dir = \"/srv/aaf\"\n");
        CHECK(config.sources.at(0).local_dir == "/srv/aaf");
        config.file = "t.toml";
        CHECK(parse_ok(render_config(config)) == config);
    }
    SUBCASE("errors") {
        check_errors({
            {"[schedule]\nrun = \"61 * * * *\"\n",
             "t.toml:2: schedule.run: '61 * * * *': minute 61 is out of range 0-59"},
            {"[schedule]\nlate_check = 5\n",
             "t.toml:2: schedule.late_check must be a string of 5 cron fields"},
            {"[schedule]\nexpected_by = \"6:00\"\n",
             "t.toml:2: schedule.expected_by must be a time of day \"HH:MM\" (UTC)"},
            {"[schedule]\nexpected_by = \"24:00\"\n",
             "t.toml:2: schedule.expected_by must be a time of day \"HH:MM\" (UTC)"},
            {"[schedule]\nretry_min = 0\n",
             "t.toml:2: schedule.retry_min must be a positive integer"},
            {"[schedule]\nretry_min = 60\nretry_max = 30\n",
             "t.toml:1: schedule.retry_max must not be less than schedule.retry_min"},
            {"[schedule]\nevery = 1\n", "t.toml:2: unknown key 'every' in [schedule]"},
            {"[alerts]\ncommand = \"notify\"\n",
             "t.toml:2: alerts.command must be an absolute path"},
            {"[alerts]\ntimeout = -1\n", "t.toml:2: alerts.timeout must be a positive integer"},
            {"[metrics]\ntextfile = \"aafd.prom\"\n",
             "t.toml:2: metrics.textfile must be an absolute path"},
            {"[spool]\nkeep_days = -1\n",
             "t.toml:2: spool.keep_days must be a non-negative integer"},
            {"[[source]]\nname = \"demo\"\nlocal_dir = \"srv\"\n",
             "t.toml:3: source.local_dir must be an absolute path"},
        });
    }
}

TEST_CASE("[accounts] and the feed keys of [[provider]]") {
    SUBCASE("a provider's defaults") {
        const Provider provider =
            parse_ok(k_provider).providers.at(0); // a copy: the Config is a temporary
        CHECK(provider.outbox == "/var/lib/aafd/outbox/beneylu");
        CHECK(provider.fields == std::vector<std::string>{"login", "names", "profiles", "schools",
                                                          "classes", "links"});
        CHECK(provider.format == "jsonl");
        CHECK(provider.retention_days == 92);
        CHECK(provider.batch_max_lines == 50000);
        CHECK(provider.aaf_chunk_records == 10000);
        CHECK_FALSE(provider.aaf_deltas);
        CHECK(provider.aaf_full_every == 7);
        CHECK_FALSE(provider.push.has_value());
    }

    SUBCASE("aaf_deltas and aaf_full_every") {
        auto provider =
            parse_ok(k_provider + "aaf_deltas = true\naaf_full_every = 0\n").providers.at(0);
        CHECK(provider.aaf_deltas);
        CHECK(provider.aaf_full_every == 0);
        // A set is pushed too (sync/feed/push, push_folder).
        CHECK(parse_ok(k_provider + "format = \"aaf\"\n" + k_push).providers.at(0).push);
    }

    SUBCASE("a provider with a push and no outbox") {
        Config config = parse_ok("[[provider]]\nname = \"p\"\n" + k_push);
        const Provider& provider = config.providers.at(0);
        CHECK(provider.outbox.empty());
        REQUIRE(provider.push.has_value());
        CHECK(provider.push->host == "sftp.provider.example");
        CHECK(provider.push->port == 22);
        CHECK(provider.push->user == "aafd");
        CHECK(provider.push->key == "/etc/aafd/keys/provider_ed25519");
        CHECK(provider.push->known_hosts == "/etc/aafd/keys/provider_known_hosts");
        CHECK(provider.push->remote_dir == "/");
        config.file = "t.toml";
        CHECK(parse_ok(render_config(config)) == config);
    }

    SUBCASE("each push belongs to its provider") {
        Config config = parse_ok(k_provider + k_push + "[[provider]]\nname = \"p\"\n" +
                                 with_line(k_push, "host", "host = \"other.example\""));
        REQUIRE(config.providers.size() == 2);
        CHECK(config.providers[0].push->host == "sftp.provider.example");
        CHECK(config.providers[1].push->host == "other.example");
        CHECK(config.providers[1].outbox.empty());
    }

    SUBCASE("the edges of the ranges are accepted") {
        Config config = parse_ok("[accounts]\nlogin_max_length = 8\ncode_length = 6\n");
        CHECK(config.accounts.login_max_length == 8);
        CHECK(config.accounts.code_length == 6);
        config = parse_ok("[accounts]\nlogin_max_length = 64\ncode_length = 64\n");
        CHECK(config.accounts.login_max_length == 64);
        CHECK(config.accounts.code_length == 64);
        CHECK(parse_ok(k_provider + "batch_max_lines = 1\n").providers[0].batch_max_lines == 1);
        CHECK(parse_ok(with_line(k_provider, "name", "name = \"" + std::string(64, 'p') + "\""))
                  .providers[0]
                  .name.size() == 64);
    }

    SUBCASE("an outbox in the spool, or holding it, is refused on its provider's line (L3)") {
        check_errors({
            {"[spool]\npath = \"/srv/spool\"\n[[provider]]\nname = \"p\"\noutbox = "
             "\"/srv/spool/\"\n",
             "t.toml:3: provider.outbox /srv/spool/ must be outside the spool /srv/spool (and not "
             "hold it)"},
            {"[[provider]]\nname = \"p\"\noutbox = \"/var/lib/aafd/spool/feed/p\"\n",
             "t.toml:1: provider.outbox /var/lib/aafd/spool/feed/p must be outside the spool "
             "/var/lib/aafd/spool (and not hold it)"},
            {"[[provider]]\nname = \"p\"\noutbox = \"/srv/out\"\n[spool]\npath = "
             "\"/srv/out/./spool\"\n",
             "t.toml:1: provider.outbox /srv/out must be outside the spool /srv/out/./spool (and "
             "not hold it)"},
        });
        CHECK(parse_ok("[spool]\npath = \"/srv/spool\"\n[[provider]]\nname = \"p\"\noutbox = "
                       "\"/srv/spool-out\"\n")
                  .providers.size() == 1);
    }

    SUBCASE("errors in [accounts]") {
        check_errors({
            {"[accounts]\nlogin_pattern = \"{prenom}.{nom}\"\n",
             "t.toml:2: accounts.login_pattern: login pattern '{prenom}.{nom}' has an unknown "
             "placeholder {prenom} (expected {first}, {last} or {first_initial})"},
            {"[accounts]\nlogin_pattern = \"{first}\"\n",
             "t.toml:2: accounts.login_pattern: login pattern '{first}' has no {last}"},
            {"[accounts]\nlogin_pattern = \"{first} {last}\"\n",
             "t.toml:2: accounts.login_pattern: login pattern '{first} {last}' has ' ' "
             "(allowed: a-z, 0-9, '.', '-', '_' and placeholders)"},
            {"[accounts]\nlogin_pattern = \"\"\n",
             "t.toml:2: accounts.login_pattern must be a non-empty string"},
            {"[accounts]\nlogin_pattern = 1\n",
             "t.toml:2: accounts.login_pattern must be a non-empty string"},
            {"[accounts]\nlogin_max_length = 7\n",
             "t.toml:2: accounts.login_max_length must be an integer from 8 to 64"},
            {"[accounts]\nlogin_max_length = 65\n",
             "t.toml:2: accounts.login_max_length must be an integer from 8 to 64"},
            {"[accounts]\ncode_length = 5\n",
             "t.toml:2: accounts.code_length must be an integer from 6 to 64"},
            {"[accounts]\ncode_length = 65\n",
             "t.toml:2: accounts.code_length must be an integer from 6 to 64"},
            {"[accounts]\npersons_in_charge = \"yes\"\n",
             "t.toml:2: accounts.persons_in_charge must be true or false"},
            {"[accounts]\npersons_in_charge = 1\n",
             "t.toml:2: accounts.persons_in_charge must be true or false"},
            {"[accounts]\npurge_deleted_days = 0\n",
             "t.toml:2: accounts.purge_deleted_days must be a positive integer"},
            {"accounts = 1\n", "t.toml:1: accounts must be a table ([accounts])"},
        });
    }

    SUBCASE("errors in [[provider]]") {
        check_errors({
            {k_provider + "format = \"xml\"\n",
             "t.toml:4: provider.format must be one of jsonl, csv, aaf, be1d, ldif, ldap"},
            {k_provider + "format = \"JSONL\"\n",
             "t.toml:4: provider.format must be one of jsonl, csv, aaf, be1d, ldif, ldap"},
            {k_provider + "retention_days = -1\n",
             "t.toml:4: provider.retention_days must be a non-negative integer"},
            {k_provider + "batch_max_lines = 0\n",
             "t.toml:4: provider.batch_max_lines must be a positive integer"},
            {k_provider + "aaf_chunk_records = 0\n",
             "t.toml:4: provider.aaf_chunk_records must be a positive integer"},
            {k_provider + "aaf_full_every = -1\n",
             "t.toml:4: provider.aaf_full_every must be a non-negative integer"},
            {with_line(k_provider, "name", "name = \"" + std::string(65, 'p') + "\""),
             "t.toml:2: provider.name must be at most 64 characters long"},
            {"\n[[provider]]\nname = \"p\"\nschools = [\"0061594A\"]\n",
             "t.toml:2: missing key 'outbox' (or a [provider.push] table) in [[provider]]"},
        });
    }

    SUBCASE("errors in [provider.push]") {
        const std::string provider = "[[provider]]\nname = \"p\"\n"; // lines 1 and 2
        check_errors({
            {provider + with_line(k_push, "host", ""),
             "t.toml:3: missing key 'host' in [provider.push]"},
            {provider + with_line(k_push, "user", ""),
             "t.toml:3: missing key 'user' in [provider.push]"},
            {provider + with_line(k_push, "key", ""),
             "t.toml:3: missing key 'key' in [provider.push]"},
            {provider + with_line(k_push, "known_hosts", ""),
             "t.toml:3: missing key 'known_hosts' in [provider.push]"},
            {provider + with_line(k_push, "host", "host = \"\""),
             "t.toml:4: provider.push.host must be a non-empty string"},
            {provider + with_line(k_push, "key", "key = \"provider_ed25519\""),
             "t.toml:6: provider.push.key must be an absolute path"},
            {provider + with_line(k_push, "known_hosts", "known_hosts = \"known_hosts\""),
             "t.toml:7: provider.push.known_hosts must be an absolute path"},
            {provider + k_push + "port = 0\n",
             "t.toml:8: provider.push.port must be an integer from 1 to 65535"},
            {provider + k_push + "remote_dir = \"\"\n",
             "t.toml:8: provider.push.remote_dir must be a non-empty string"},
            {provider + "push = 1\n", "t.toml:3: provider.push must be a table ([provider.push])"},
        });
    }

    SUBCASE("[provider.ldap]: formats ldap and ldif") {
        const std::string provider = "[[provider]]\nname = \"p\"\nformat = \"ldap\"\n"; // lines 1-3
        const std::string ldap = "[provider.ldap]\n"
                                 "url = \"ldaps://annuaire.example/\"\n"
                                 "bind_dn = \"cn=aafd,dc=example\"\n"
                                 "password_file = \"/etc/aafd/ldap.password\"\n"
                                 "base_dn = \"ou=people,dc=example\"\n"
                                 "structures_dn = \"ou=structures,dc=example\"\n"; // lines 4-9
        const Provider parsed = parse_ok(provider + ldap).providers.at(0);
        REQUIRE(parsed.ldap.has_value());
        CHECK(parsed.outbox.empty()); // the directory is the destination
        CHECK(parsed.ldap->url == "ldaps://annuaire.example/");
        CHECK(parsed.ldap->password_file == "/etc/aafd/ldap.password");
        CHECK(parsed.ldap->window == 64);
        CHECK(parsed.ldap->timeout_s == 30);
        CHECK_FALSE(parsed.ldap->starttls);
        auto text = render_config(parse_ok(provider + ldap));
        CHECK(text.find("[provider.ldap]\nurl = \"ldaps://annuaire.example/\"\n") !=
              std::string::npos);
        CHECK(text.find("/etc/aafd/ldap.password") ==
              std::string::npos); // redacted, as secrets are
        check_errors({
            {provider, "t.toml:1: format 'ldap' needs a [provider.ldap] table in [[provider]]"},
            {provider + with_line(ldap, "bind_dn", ""),
             "t.toml:4: missing key 'bind_dn' in [provider.ldap]"},
            {provider + with_line(ldap, "url", "url = \"http://annuaire.example/\""),
             "t.toml:5: provider.ldap.url must start with ldap://, ldaps:// or ldapi://"},
            {provider + with_line(ldap, "base_dn", ""),
             "t.toml:4: missing key 'base_dn' in [provider.ldap]"},
            {k_provider + "format = \"ldif\"\n",
             "t.toml:1: format 'ldif' needs a [provider.ldap] table in [[provider]]"},
        });
        // ldif needs only the layout, and an outbox or a push.
        auto ldif = parse_ok(k_provider + "format = \"ldif\"\n[provider.ldap]\nbase_dn = \"ou=p\"\n"
                                          "structures_dn = \"ou=s\"\n");
        CHECK(ldif.providers.at(0).ldap->url.empty());
    }

    SUBCASE("rendered with their defaults") {
        std::string text = render_config(default_config());
        CHECK(text.find("[accounts]\n"
                        "login_pattern = \"{first}.{last}\"\n"
                        "login_max_length = 32\n"
                        "code_length = 8\n"
                        "persons_in_charge = false\n"
                        "purge_deleted_days = 365\n") != std::string::npos);
        text = render_config(parse_ok(k_provider + k_push));
        CHECK(text.find("format = \"jsonl\"\n"
                        "retention_days = 92\n"
                        "batch_max_lines = 50000\n"
                        "aaf_chunk_records = 10000\n"
                        "aaf_deltas = false\n"
                        "aaf_full_every = 7\n"
                        "\n"
                        "[provider.push]\n"
                        "host = \"sftp.provider.example\"\n"
                        "port = 22\n"
                        "user = \"aafd\"\n"
                        "key = \"/etc/aafd/keys/provider_ed25519\"\n"
                        "known_hosts = \"/etc/aafd/keys/provider_known_hosts\"\n"
                        "remote_dir = \"/\"\n") != std::string::npos);
    }
}
