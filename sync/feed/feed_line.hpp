// One line of a provider's feed: what happened to one account, as the provider may see
// it. Built by the feed builder from the change journal and the store, written by the
// feed format (JSON Lines or CSV) limited to the provider's allowed fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aafd::sync {

enum class FeedOp { Create, Update, Deactivate, Delete };
std::string_view feed_op_name(FeedOp op); // "create", "update", "deactivate", "delete"

// The field groups a provider may receive ([[provider]] fields). The AAF id, the
// category, the flow, the source, `seq` and `op` are always sent.
enum class FeedField { Login, Names, BirthDate, Profiles, Schools, Classes, Links };
std::string_view feed_field_name(FeedField field); // "login", "names", "birth_date", …
std::optional<FeedField> feed_field_from_name(std::string_view name);

struct FeedSchool {
    std::string uai;
    std::string name;
    bool operator==(const FeedSchool&) const = default;
};

struct FeedClass {
    std::string uai;  // the school the class or group belongs to
    std::string kind; // "class" or "group"
    std::string code;
    std::string label;
    bool operator==(const FeedClass&) const = default;
};

struct FeedFunction {
    std::string uai;   // the school where the person holds it
    std::string code;  // ENS, DIR, DOC…
    std::string label; // ENSEIGNEMENT…
    std::string discipline;
    std::string discipline_label;
    bool operator==(const FeedFunction&) const = default;
};

struct FeedLink {
    std::string kind;  // "relative" (a pupil's legal representative), "child",
                       // "in_charge" (a person in charge, when configured)
    std::string id;    // the other person's AAF id
    std::string login; // the other person's login; empty when they have no account
    bool operator==(const FeedLink&) const = default;
};

struct FeedAccount {
    std::string id;       // AAF id
    std::string category; // "Eleve", "PersRelEleve", "PersEducNat"
    std::string flow;     // "1D", "2D"
    std::string source;   // the [[source]] (académie) the id belongs to: ids of two sources
                          // may be equal, so a provider keys on (source, flow, category, id)
    std::string login;
    std::optional<std::string> activation_code; // on create and on reset only
    std::string last_name;
    std::string first_name;
    std::string birth_date; // ISO 8601, may be empty
    std::vector<std::string> profiles;
    std::vector<FeedSchool> schools;
    std::vector<FeedClass> classes;
    std::vector<FeedLink> links;
    std::vector<FeedFunction> functions; // staff: ENTPersonFonctions in the provider's schools
                                         // (written by the ldap/ldif formats, profiles group)
    bool operator==(const FeedAccount&) const = default;
};

struct FeedLine {
    std::int64_t seq = 0; // the journal sequence number the line reflects
    FeedOp op = FeedOp::Create;
    std::string reason; // why a deactivate or delete: "disappeared", "deleted",
                        // "out_of_scope", "convention_ended"; empty otherwise
    FeedAccount account;
    bool operator==(const FeedLine&) const = default;
};

} // namespace aafd::sync
