// Rendering a person's view as a card, codes spelled out.
#include "daemon/person_card.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <sstream>
#include <vector>

#include "util/printable_text.hpp"

namespace aafd::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string text(const Json& value) {
    if (value.is_null())
        return "";
    // A control character from a store filled before they were refused is shown \xNN.
    return value.is_string() ? printable_text(value.get<std::string>(), SIZE_MAX) : value.dump();
}

std::string category_meaning(const std::string& category) {
    static const std::map<std::string, std::string> k_meaning{
        {"Eleve", "pupil"}, {"PersRelEleve", "relative"}, {"PersEducNat", "staff"}};
    auto found = k_meaning.find(category);
    return (found == k_meaning.end() ? category : found->second) + " (" + category + ")";
}

// ENTElevePersRelEleve's link codes: SIECLE's current ones, and the 1-7 of older files.
std::string link_meaning(const std::string& code) {
    static const std::map<std::string, std::string> k_meaning{
        {"1", "father"},        {"2", "mother"},         {"3", "guardian"},   {"4", "other family"},
        {"5", "child welfare"}, {"6", "other"},          {"7", "the pupil"},  {"10", "mother"},
        {"20", "father"},       {"41", "carer"},         {"42", "carer"},     {"43", "carer"},
        {"50", "guardian"},     {"51", "child welfare"}, {"70", "the pupil"}, {"90", "other"}};
    if (auto found = k_meaning.find(code); found != k_meaning.end())
        return found->second;
    if (code.size() == 2 && code[0] == '3')
        return "family";
    return code.empty() ? "link not given" : "link code " + code;
}

std::string legal_meaning(const std::string& legal) {
    if (legal == "1")
        return "legal representative";
    if (legal == "2")
        return "person in charge";
    return "no parental authority";
}

std::string function_meaning(const std::string& code) {
    static const std::map<std::string, std::string> k_meaning{
        {"ENS", "teaching"},       {"DIR", "direction"},          {"DOC", "documentation"},
        {"EDU", "education"},      {"AED", "teaching assistant"}, {"SUR", "supervision"},
        {"ADF", "administration"}, {"ORI", "guidance"},           {"MDS", "health and social"},
        {"LAB", "laboratory"},     {"OUV", "technical staff"},    {"FIJ", "trainee teacher"}};
    auto found = k_meaning.find(code);
    return found == k_meaning.end() ? code : found->second + " (" + code + ")";
}

// The discipline's label for a function's code and discipline code, from the record's
// ENTPersonFonctions (S$function$functionLabel$discipline$disciplineLabel); "" if none.
std::string discipline_label(const Json& view, const std::string& code,
                             const std::string& discipline) {
    const Json* functions = nullptr;
    if (view.contains("attributes") && view["attributes"].contains("ENTPersonFonctions"))
        functions = &view["attributes"]["ENTPersonFonctions"];
    if (!functions)
        return "";
    for (const auto& value : *functions) {
        std::vector<std::string> parts;
        std::istringstream in(value.get<std::string>());
        for (std::string part; std::getline(in, part, '$');)
            parts.push_back(part);
        if (parts.size() >= 5 && parts[1] == code && parts[3] == discipline)
            return parts[4];
    }
    return "";
}

std::string school_text(const Json& school) {
    std::string line = text(school["uai"]) + "  " + text(school["name"]);
    if (!school["town"].is_null())
        line += " (" + text(school["town"]) + ")";
    if (!school["type"].is_null())
        line += ", " + text(school["type"]);
    return line;
}

std::string named(const Json& view, const std::string& id) {
    const auto& names = view["people_named"];
    return names.contains(id) ? id + "  " + text(names[id]) : id + "  (not in the store)";
}

class Card {
public:
    // "  label:      value", the values aligned; without a label, the value alone.
    void line(const std::string& label, const std::string& value) {
        if (value.empty())
            return;
        std::string head = label.empty() ? "" : label + ":";
        head.resize(std::max<std::size_t>(head.size() + 1, 14), ' ');
        m_text += "  " + head + value + "\n";
    }
    // One line per value, the label on the first.
    template <typename Render>
    void lines(const std::string& label, const Json& list, Render render) {
        bool first = true;
        for (const auto& item : list) {
            line(first ? label : "", render(item));
            first = false;
        }
    }
    void heading(const std::string& heading) { m_text += heading + "\n"; }
    std::string text() && { return std::move(m_text); }

private:
    std::string m_text;
};

void add_identity(Card& card, const Json& view) {
    card.heading(text(view["first_name"]) + " " + text(view["last_name"]) + ", " +
                 category_meaning(text(view["category"])) + " " + text(view["flow"]) + ", id " +
                 text(view["id"]) + " in " + text(view["source"]));
    card.line("state",
              text(view["state"]) +
                  (view["state_since"].is_null() ? "" : " since " + text(view["state_since"])));
    card.line("born", text(view["birth_date"]));
    card.line("INE", text(view["ine"]));
    card.line("login", view["login"].is_null() ? "none yet (no account)" : text(view["login"]));
    if (view.contains("account"))
        card.line("activation", "account created " + text(view["account"]["created_at"]) +
                                    ", activation code drawn " +
                                    text(view["account"]["code_drawn_at"]) + " (not shown)");
    std::string profiles;
    for (const auto& profile : view["profiles"])
        profiles += (profiles.empty() ? "" : ", ") + text(profile);
    card.line("profiles", profiles);
}

void add_links(Card& card, const Json& view) {
    card.lines("schools", view["schools"], school_text);
    auto unit = [](const Json& u) {
        return text(u["code"]) + (u["label"].is_null() ? "" : " \"" + text(u["label"]) + "\"") +
               " at " + (u["structure"].is_null() ? "an unknown school" : text(u["structure"]));
    };
    card.lines("classes", view["classes"], unit);
    card.lines("groups", view["groups"], unit);
    card.lines("functions", view["functions"], [&](const Json& f) {
        auto label = discipline_label(view, text(f["code"]), text(f["discipline"]));
        return function_meaning(text(f["code"])) +
               (f["discipline"].is_null() ? "" : ", " + text(f["discipline"])) +
               (label.empty() ? "" : " " + printable_text(label, SIZE_MAX)) + " at " +
               (f["structure"].is_null() ? "an unknown school" : text(f["structure"]));
    });
    card.lines("director of", view["director_of"], [](const Json& uai) { return text(uai); });
    card.lines("relatives", view["relatives"], [&](const Json& r) {
        return named(view, text(r["id"])) + ", " + link_meaning(text(r["link"])) + ", " +
               legal_meaning(text(r["legal"]));
    });
    card.lines("children", view["children"], [&](const Json& id) { return named(view, text(id)); });
    card.lines("unresolved", view["unresolved_structures"],
               [](const Json& id) { return "structure " + text(id) + " (not in the store yet)"; });
}

} // namespace

std::string person_card(const Json& view) {
    Card card;
    add_identity(card, view);
    add_links(card, view);
    if (view.contains("providers")) {
        card.lines("providers", view["providers"], [](const Json& p) {
            return text(p["provider"]) + ": " + text(p["state"]) + ", since " +
                   text(p["first_at"]) + ", last " + text(p["last_op"]) + " " + text(p["last_at"]);
        });
        if (view["providers"].empty())
            card.line("providers", "none received this person");
    }
    return std::move(card).text();
}

} // namespace aafd::cli
