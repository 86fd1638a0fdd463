// aafd-bench-ldap: the LDAP write path of the `ldap` format at scale, without the store:
// N synthetic pupils (each with one relative, so 2N people) in one school, rendered by
// sync/feed/ldif_format into batches of --batch lines and applied by sync/ldap with
// --window operations in flight to a running slapd (bench/ldap.sh starts one); then a
// delta: 1 % of the pupils updated (class moved), 0.1 % deactivated, 0.1 % deleted.
// Prints "first_load entries=… seconds=… per_second=…" and the same for "delta".
#include <cstdio>

#include <CLI/CLI.hpp>

#include "sync/feed/ldif_format.hpp"
#include "sync/ldap/ldif_apply.hpp"

namespace {

using namespace aafd;
using namespace aafd::sync;

FeedLine person(std::size_t i, bool relative, FeedOp op, const std::string& klass) {
    FeedAccount a;
    a.id = (relative ? "R" : "P") + std::to_string(i);
    a.category = relative ? "PersRelEleve" : "Eleve";
    a.flow = "2D";
    a.login = (relative ? "parent." : "eleve.") + std::to_string(i);
    a.last_name = "NOM" + std::to_string(i);
    a.first_name = relative ? "Parent" : "Élève";
    a.birth_date = relative ? "" : "2012-02-01";
    a.profiles = {relative ? "National_TUT" : "National_ELV"};
    a.schools = {{"0860001A", "COLLEGE BENCH"}};
    if (!relative)
        a.classes = {{"0860001A", "class", klass, klass}};
    a.links = {{relative ? "child" : "relative", (relative ? "P" : "R") + std::to_string(i),
                (relative ? "eleve." : "parent.") + std::to_string(i)}};
    return {static_cast<std::int64_t>(i), op, "", a};
}

const FeedFields k_fields{FeedField::Login,    FeedField::Names,   FeedField::BirthDate,
                          FeedField::Profiles, FeedField::Schools, FeedField::Classes,
                          FeedField::Links};

// Renders and applies `lines` in batches; returns the entries changed.
std::uint64_t apply_all(const LdapConnection& connection, const std::vector<FeedLine>& lines,
                        const LdifLayout& layout, std::size_t batch, std::size_t window) {
    std::uint64_t changed = 0;
    for (std::size_t at = 0; at < lines.size(); at += batch) {
        std::vector<FeedLine> part(lines.begin() + at,
                                   lines.begin() + std::min(lines.size(), at + batch));
        auto rendered = render_ldif_batch(part, k_fields, layout, "2025-09-08T03:00:00Z");
        if (!rendered)
            throw std::runtime_error(rendered.error().message);
        auto applied = apply_ldif(connection, rendered->content, "bench", window);
        if (!applied)
            throw std::runtime_error(applied.error().message);
        changed += applied->added + applied->modified + applied->deleted;
    }
    return changed;
}

void report(const char* name, std::uint64_t entries, double seconds) {
    std::printf("%s entries=%llu seconds=%.2f per_second=%.0f\n", name,
                static_cast<unsigned long long>(entries), seconds, entries / seconds);
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"aafd-bench-ldap: the ldap format's write path into a running slapd"};
    std::size_t pupils = 50000, batch = 50000, window = 64;
    LdapSettings settings;
    settings.timeout = std::chrono::seconds(60);
    LdifLayout layout{"", "", "National_ENS", "National_DIR"};
    app.add_option("--pupils", pupils, "pupils (each with a relative)");
    app.add_option("--batch", batch, "lines per batch");
    app.add_option("--window", window, "operations in flight");
    app.add_option("--url", settings.url)->required();
    app.add_option("--bind-dn", settings.bind_dn)->required();
    app.add_option("--password-file", settings.password_file)->required();
    app.add_option("--base-dn", layout.people_dn)->required();
    app.add_option("--structures-dn", layout.structures_dn)->required();
    CLI11_PARSE(app, argc, argv);
    auto connection = LdapConnection::open(settings);
    if (!connection) {
        std::fprintf(stderr, "%s\n", connection.error().message.c_str());
        return 1;
    }
    std::vector<FeedLine> first;
    for (std::size_t i = 0; i < pupils; ++i) {
        first.push_back(person(i, false, FeedOp::Create, "6A"));
        first.push_back(person(i, true, FeedOp::Create, "6A"));
    }
    auto started = std::chrono::steady_clock::now();
    auto seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    auto loaded = apply_all(*connection, first, layout, batch, window);
    report("first_load", loaded, seconds());
    std::vector<FeedLine> delta;
    for (std::size_t i = 0; i < pupils; i += 100)
        delta.push_back(person(i, false, FeedOp::Update, "6B"));
    for (std::size_t i = 1; i < pupils; i += 1000)
        delta.push_back(person(i, false, FeedOp::Deactivate, "6A"));
    for (std::size_t i = 2; i < pupils; i += 1000)
        delta.push_back(person(i, false, FeedOp::Delete, "6A"));
    started = std::chrono::steady_clock::now();
    auto changed = apply_all(*connection, delta, layout, batch, window);
    report("delta", changed, seconds());
    return 0;
}
