// LDIF change records for the SDET directory: one entry per account (uid = its login),
// one ENTEtablissement per school, values base64-encoded when not LDIF-safe.
#include "sync/feed/ldif_format.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "util/sha256.hpp"

namespace aafd::sync {
namespace {

// An attribute and its values, in the order written; no values: emptied by a modify.
using Attribute = std::pair<std::string, std::vector<std::string>>;

std::string base64(std::string_view bytes) {
    static constexpr char k_digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t chunk = 0;
        for (std::size_t k = 0; k < 3; ++k)
            chunk = chunk << 8 | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0U);
        for (std::size_t k = 0; k < 4; ++k)
            out += k <= n ? k_digits[(chunk >> (18 - 6 * k)) & 63] : '=';
    }
    return out;
}

// RFC 2849 SAFE-STRING: ASCII without NUL, CR, LF, not starting with a space, ':' or '<',
// and (so that no tool trims it) not ending with a space.
bool ldif_safe(std::string_view value) {
    if (value.empty())
        return true;
    if (value.front() == ' ' || value.front() == ':' || value.front() == '<' || value.back() == ' ')
        return false;
    return std::all_of(value.begin(), value.end(), [](char c) {
        auto byte = static_cast<unsigned char>(c);
        return byte != 0 && byte != '\r' && byte != '\n' && byte < 0x80;
    });
}

void put(std::string& out, std::string_view name, std::string_view value) {
    out += name;
    if (ldif_safe(value))
        out.append(": ").append(value);
    else
        out.append(":: ").append(base64(value));
    out += '\n';
}

std::string generalized_time(const std::string& iso_timestamp) {
    std::string digits;
    for (char c : iso_timestamp)
        if (c >= '0' && c <= '9' && digits.size() < 14)
            digits += c;
    return digits + "Z";
}

std::vector<std::string> object_classes(const FeedAccount& account, const LdifLayout& layout) {
    std::vector<std::string> classes{"top", "ENTPerson"};
    if (account.category == "Eleve")
        classes.push_back("ENTEleve");
    else if (account.category == "PersRelEleve")
        classes.push_back("ENTAuxPersRelEleve");
    else {
        const auto& p = account.profiles;
        bool teacher = std::find(p.begin(), p.end(), layout.teacher_profile) != p.end();
        bool director = std::find(p.begin(), p.end(), layout.director_profile) != p.end();
        classes.push_back(teacher ? "ENTAuxEnseignant" : "ENTAuxNonEnsEtab");
        if (director)
            classes.push_back("ENTDirecteur");
    }
    return classes;
}

std::vector<std::string> class_values(const FeedAccount& account, const LdifLayout& layout,
                                      const std::string& kind) {
    std::vector<std::string> values;
    for (const auto& group : account.classes)
        if (group.kind == kind)
            values.push_back(school_dn(layout, group.uai) + "$" + group.code);
    return values;
}

std::vector<std::string> link_values(const FeedAccount& account, const LdifLayout& layout,
                                     bool children) {
    std::vector<std::string> values;
    for (const auto& link : account.links)
        if ((link.kind == "child") == children && !link.login.empty())
            values.push_back(person_dn(layout, link.login));
    return values;
}

// "<school DN>$code$label$disciplineCode$disciplineLabel": the AAF's value with the
// school's entry in place of its structure id, as classes are written.
std::vector<std::string> function_values(const FeedAccount& account, const LdifLayout& layout) {
    std::vector<std::string> values;
    for (const auto& f : account.functions)
        values.push_back(school_dn(layout, f.uai) + "$" + f.code + "$" + f.label + "$" +
                         f.discipline + "$" + f.discipline_label);
    return values;
}

// Every attribute of the account the provider may see, values or none, in a fixed order.
std::vector<Attribute> person_attributes(const FeedAccount& account, const FeedFields& fields,
                                         const LdifLayout& layout) {
    std::vector<Attribute> attributes{{"objectClass", object_classes(account, layout)},
                                      {"uid", {account.login}},
                                      {"ENTPersonJointure", {account.id}},
                                      {"ENTPersonLogin", {account.login}}};
    if (fields.contains(FeedField::Names))
        for (auto& attribute : std::vector<Attribute>{
                 {"sn", {account.last_name}},
                 {"givenName", {account.first_name}},
                 {"cn", {account.last_name + " " + account.first_name}},
                 {"displayName", {account.first_name + " " + account.last_name}}})
            attributes.push_back(std::move(attribute));
    if (fields.contains(FeedField::BirthDate)) {
        auto date = sdet_date(account.birth_date);
        attributes.push_back({"ENTPersonDateNaissance",
                              date.empty() ? std::vector<std::string>{} : std::vector{date}});
    }
    if (fields.contains(FeedField::Profiles))
        attributes.push_back({"ENTPersonProfils", account.profiles});
    if (fields.contains(FeedField::Profiles) && account.category == "PersEducNat")
        attributes.push_back({"ENTPersonFonctions", function_values(account, layout)});
    if (fields.contains(FeedField::Schools)) {
        std::vector<std::string> schools;
        for (const auto& school : account.schools)
            schools.push_back(school_dn(layout, school.uai));
        attributes.push_back({"ENTPersonStructRattach", schools});
    }
    bool pupil = account.category == "Eleve";
    const auto& classes = attributes.front().second; // only ENTAuxEnseignant may hold classes
    bool staff = std::find(classes.begin(), classes.end(), "ENTAuxEnseignant") != classes.end();
    if (fields.contains(FeedField::Classes) && (pupil || staff)) {
        attributes.push_back({pupil ? "ENTEleveClasses" : "ENTAuxEnsClasses",
                              class_values(account, layout, "class")});
        attributes.push_back({pupil ? "ENTEleveGroupes" : "ENTAuxEnsGroupes",
                              class_values(account, layout, "group")});
    }
    if (fields.contains(FeedField::Links) && pupil)
        attributes.push_back({"ENTElevePersRelEleve", link_values(account, layout, false)});
    if (fields.contains(FeedField::Links) && account.category == "PersRelEleve")
        attributes.push_back({"ENTAuxPersRelEleveEleve", link_values(account, layout, true)});
    // Drop empty values (an unknown name) so that no attribute holds "".
    for (auto& [name, values] : attributes)
        std::erase(values, std::string());
    return attributes;
}

void put_add(std::string& out, const std::string& dn, const std::vector<Attribute>& attributes) {
    put(out, "dn", dn);
    out += "changetype: add\n";
    for (const auto& [name, values] : attributes)
        for (const auto& value : values)
            put(out, name, value);
    out += '\n';
}

void put_modify(std::string& out, const std::string& dn, const std::vector<Attribute>& attributes) {
    put(out, "dn", dn);
    out += "changetype: modify\n";
    for (const auto& [name, values] : attributes) {
        out.append("replace: ").append(name).append("\n");
        for (const auto& value : values)
            put(out, name, value);
        out += "-\n";
    }
    out += '\n';
}

void put_line(std::string& out, const FeedLine& line, const FeedFields& fields,
              const LdifLayout& layout, const std::string& now) {
    auto dn = person_dn(layout, line.account.login);
    switch (line.op) {
    case FeedOp::Create:
        put_add(out, dn, person_attributes(line.account, fields, layout));
        return;
    case FeedOp::Update: {
        auto attributes = person_attributes(line.account, fields, layout);
        attributes.push_back({"ENTPersonDateSuppression", {}}); // back in use
        put_modify(out, dn, attributes);
        return;
    }
    case FeedOp::Deactivate:
        put_modify(out, dn, {{"ENTPersonDateSuppression", {generalized_time(now)}}});
        return;
    case FeedOp::Delete:
        put(out, "dn", dn);
        out += "changetype: delete\n\n";
        return;
    }
}

// The schools named by the batch's created and updated accounts, by UAI.
std::map<std::string, std::string> batch_schools(const std::vector<FeedLine>& lines) {
    std::map<std::string, std::string> schools;
    for (const auto& line : lines)
        if (line.op == FeedOp::Create || line.op == FeedOp::Update)
            for (const auto& school : line.account.schools)
                schools.emplace(school.uai, school.name);
    return schools;
}

} // namespace

std::string person_dn(const LdifLayout& layout, const std::string& login) {
    return "uid=" + login + "," + layout.people_dn;
}

std::string school_dn(const LdifLayout& layout, const std::string& uai) {
    return "ENTStructureUAI=" + uai + "," + layout.structures_dn;
}

std::string sdet_date(const std::string& iso_date) {
    if (iso_date.size() != 10 || iso_date[4] != '-' || iso_date[7] != '-')
        return "";
    return iso_date.substr(8, 2) + "/" + iso_date.substr(5, 2) + "/" + iso_date.substr(0, 4);
}

Result<RenderedBatch> render_ldif_batch(const std::vector<FeedLine>& lines,
                                        const FeedFields& fields, const LdifLayout& layout,
                                        const std::string& now) {
    std::string out = "version: 1\n\n";
    if (fields.contains(FeedField::Schools))
        for (const auto& [uai, name] : batch_schools(lines)) {
            std::vector<Attribute> attributes{{"objectClass", {"top", "ENTEtablissement"}},
                                              {"ENTStructureUAI", {uai}}};
            if (!name.empty())
                attributes.push_back({"ENTStructureNomCourant", {name}});
            put_add(out, school_dn(layout, uai), attributes);
        }
    for (const auto& line : lines) {
        // The JSON rendering checks every string of the line is UTF-8, naming the field.
        if (auto checked = render_feed_line(FeedFormat::JsonLines, line, fields); !checked)
            return std::unexpected(checked.error());
        if (line.account.login.empty())
            return fail(ErrorCode::Internal, "feed line seq " + std::to_string(line.seq) + " (id " +
                                                 line.account.id + ") has no login");
        put_line(out, line, fields, layout, now);
    }
    auto sha = sha256_hex(out);
    return RenderedBatch{std::move(out), std::move(sha)};
}

} // namespace aafd::sync
