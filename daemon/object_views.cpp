// Building the person and structure views from the store.
#include "daemon/object_views.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <tuple>

#include "parsers/structure_name.hpp"
#include "util/printable_text.hpp"

namespace aafd::cli {
namespace {

nlohmann::ordered_json text_or_null(const std::string& text) {
    return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

nlohmann::ordered_json attributes_json(const sync::Attributes& attributes) {
    nlohmann::ordered_json json = nlohmann::ordered_json::object();
    for (const auto& attribute : attributes)
        json[attribute.name] = attribute.values;
    return json;
}

// Structure jointure ids -> UAI (and the school's AAF name, by UAI), looked up once each.
class StructureNames {
public:
    StructureNames(sync::Store& store, std::string source)
        : m_store(store), m_source(std::move(source)) {}

    Result<std::optional<std::string>> uai(const std::string& jointure) {
        if (auto it = m_cache.find(jointure); it != m_cache.end())
            return it->second;
        auto found = m_store.find_objects(m_source, jointure, {Category::Structure});
        if (!found)
            return std::unexpected(found.error());
        std::optional<std::string> uai;
        if (!found->empty() && !found->front().entity.uai.empty()) {
            uai = found->front().entity.uai;
            m_labels[*uai] = found->front().entity.label;
            for (const auto& unit : found->front().entity.links)
                m_units[{jointure, unit.kind, unit.code}] = unit.detail;
        }
        m_cache[jointure] = uai;
        return uai;
    }
    const std::string& label(const std::string& uai) { return m_labels[uai]; }
    // The label a structure gives its class or group (2D pupils' links carry codes only);
    // uai() of the structure first.
    std::string unit_label(const std::string& jointure, sync::LinkKind kind,
                           const std::string& code) const {
        auto found = m_units.find({jointure, kind, code});
        return found == m_units.end() ? "" : found->second;
    }

private:
    sync::Store& m_store;
    std::string m_source;
    std::map<std::string, std::optional<std::string>> m_cache;
    std::map<std::string, std::string> m_labels;
    std::map<std::tuple<std::string, sync::LinkKind, std::string>, std::string> m_units;
};

nlohmann::ordered_json school_json(const std::string& uai, const std::string& label) {
    StructureName name = parse_structure_name(label);
    return {{"uai", uai},
            {"name", text_or_null(name.name)},
            {"type", text_or_null(name.type)},
            {"town", text_or_null(name.town)}};
}

nlohmann::ordered_json common_fields(const sync::StoredObject& object) {
    return {{"source", object.key.source},
            {"id", object.key.id},
            {"flow", flow_name(object.key.flow)},
            {"category", category_name(object.key.category)},
            {"state", sync::state_name(object.state)},
            {"state_since", text_or_null(object.state_since)}};
}

Result<void> add_links(nlohmann::ordered_json& view, const sync::StoredObject& person,
                       StructureNames& names) {
    std::set<std::string> structures;
    nlohmann::ordered_json unresolved = nlohmann::ordered_json::array();
    auto structure_of = [&](const std::string& jointure) -> Result<nlohmann::ordered_json> {
        auto uai = names.uai(jointure);
        if (!uai)
            return std::unexpected(uai.error());
        if (!*uai) {
            unresolved.push_back(jointure);
            return nlohmann::ordered_json(nullptr);
        }
        return nlohmann::ordered_json(**uai);
    };
    for (const auto& link : person.entity.links) {
        using sync::LinkKind;
        if (link.kind == LinkKind::Relative) {
            view["relatives"].push_back(
                {{"id", link.target}, {"link", link.code}, {"legal", link.detail}});
            continue;
        }
        if (link.kind == LinkKind::Child) {
            view["children"].push_back(link.target);
            continue;
        }
        auto structure = structure_of(link.target);
        if (!structure)
            return std::unexpected(structure.error());
        if (link.kind == LinkKind::Structure && structure->is_string())
            structures.insert(structure->get<std::string>());
        if (link.kind == LinkKind::Class || link.kind == LinkKind::Group)
            view[link.kind == LinkKind::Class ? "classes" : "groups"].push_back(
                {{"structure", *structure},
                 {"code", link.code},
                 {"label", text_or_null(link.detail.empty()
                                            ? names.unit_label(link.target, link.kind, link.code)
                                            : link.detail)}});
        if (link.kind == LinkKind::Function)
            view["functions"].push_back({{"structure", *structure},
                                         {"code", link.code},
                                         {"discipline", text_or_null(link.detail)}});
        if (link.kind == LinkKind::Director && structure->is_string())
            view["director_of"].push_back(*structure);
    }
    view["structures"] = structures;
    view["schools"] = nlohmann::ordered_json::array();
    for (const auto& uai : structures)
        view["schools"].push_back(school_json(uai, names.label(uai)));
    std::set<std::string> unique_unresolved(unresolved.begin(), unresolved.end());
    view["unresolved_structures"] = unique_unresolved;
    return {};
}

Result<void> add_children(sync::Store& store, nlohmann::ordered_json& view,
                          const sync::StoredObject& relative) {
    auto pupils = store.referrers(relative.key.source, sync::LinkKind::Relative, relative.key.id);
    if (!pupils)
        return std::unexpected(pupils.error());
    std::set<std::string> children;
    for (const auto& id : view["children"])
        children.insert(id.get<std::string>());
    for (const auto& pupil : *pupils)
        if (pupil.key.category == Category::Pupil)
            children.insert(pupil.key.id);
    view["children"] = children;
    return {};
}

// "First Last" of each relative and child the view names, by id (absent: not in the store).
Result<void> add_people_named(sync::Store& store, nlohmann::ordered_json& view,
                              const sync::StoredObject& person) {
    std::set<std::string> ids;
    for (const auto& relative : view["relatives"])
        ids.insert(relative["id"].get<std::string>());
    for (const auto& child : view["children"])
        ids.insert(child.get<std::string>());
    auto& named = view["people_named"] = nlohmann::ordered_json::object();
    for (const auto& id : ids) {
        auto found =
            store.find_objects(person.key.source, id, {Category::Relative, Category::Pupil});
        if (!found)
            return std::unexpected(found.error());
        for (const auto& other : *found)
            if (other.key.flow == person.key.flow)
                named[id] = other.entity.first_name + " " + other.entity.last_name;
    }
    return {};
}

} // namespace

Result<nlohmann::ordered_json> person_view(sync::Store& store, const sync::StoredObject& person,
                                           const sync::ProfileTable& profiles) {
    nlohmann::ordered_json view = common_fields(person);
    const auto& e = person.entity;
    view["last_name"] = text_or_null(e.last_name);
    view["first_name"] = text_or_null(e.first_name);
    view["birth_date"] = text_or_null(e.birth_date);
    view["ine"] = text_or_null(e.ine);
    for (const char* list :
         {"classes", "groups", "relatives", "children", "functions", "director_of"})
        view[list] = nlohmann::ordered_json::array();
    StructureNames names(store, person.key.source);
    if (auto done = add_links(view, person, names); !done)
        return std::unexpected(done.error());
    if (person.key.category == Category::Relative)
        if (auto done = add_children(store, view, person); !done)
            return std::unexpected(done.error());
    if (auto done = add_people_named(store, view, person); !done)
        return std::unexpected(done.error());
    view["profiles"] = sync::derive_profiles(person.key.category, e, person.attributes, profiles);
    view["attributes"] = attributes_json(person.attributes);
    return view;
}

Result<nlohmann::ordered_json> structure_view(sync::Store& store,
                                              const sync::StoredObject& structure) {
    nlohmann::ordered_json view = common_fields(structure);
    view["uai"] = text_or_null(structure.entity.uai);
    StructureName name = parse_structure_name(structure.entity.label);
    view["name"] = text_or_null(name.name);
    view["type"] = text_or_null(name.type);
    view["town"] = text_or_null(name.town);
    std::map<std::pair<std::string, std::string>, std::string> units; // (kind, code) -> label
    for (const auto& link : structure.entity.links)
        units[{std::string(sync::link_kind_name(link.kind)), link.code}] = link.detail;
    std::map<std::string, std::uint64_t> members;
    auto referrers =
        store.referrers(structure.key.source, sync::LinkKind::Structure, structure.key.id);
    if (!referrers)
        return std::unexpected(referrers.error());
    for (const auto& r : *referrers) {
        if (r.state == sync::State::Active)
            ++members[std::string(category_name(r.key.category))];
        for (const auto& link : r.links) {
            bool unit = link.kind == sync::LinkKind::Class || link.kind == sync::LinkKind::Group;
            if (!unit || link.target != structure.key.id)
                continue;
            auto& label = units[{std::string(sync::link_kind_name(link.kind)), link.code}];
            if (label.empty())
                label = link.detail;
        }
    }
    view["classes"] = nlohmann::ordered_json::array();
    view["groups"] = nlohmann::ordered_json::array();
    for (const auto& [key, label] : units)
        view[key.first == "class" ? "classes" : "groups"].push_back(
            {{"code", key.second}, {"label", text_or_null(label)}});
    view["active_members"] = members;
    view["attributes"] = attributes_json(structure.attributes);
    return view;
}

std::string view_text(const nlohmann::ordered_json& view) {
    std::string text;
    for (const auto& [key, value] : view.items()) {
        if (key == "attributes")
            continue;
        // A control character from a store filled before they were refused is shown \xNN.
        text += key + ": " +
                (value.is_string() ? printable_text(value.get<std::string>(), SIZE_MAX)
                                   : value.dump()) +
                "\n";
    }
    return text;
}

Result<void> add_account_view(sync::AccountStore& accounts, const sync::StoredObject& person,
                              nlohmann::ordered_json& view) {
    auto account = accounts.account(person.rowid);
    if (!account)
        return std::unexpected(account.error());
    auto memberships = accounts.memberships_of(person.rowid);
    if (!memberships)
        return std::unexpected(memberships.error());
    view["login"] = *account ? nlohmann::ordered_json((*account)->login) : nullptr;
    if (*account)
        view["account"] = {{"created_at", (*account)->created_at},
                           {"code_drawn_at", (*account)->code_drawn_at}};
    auto& providers = view["providers"] = nlohmann::ordered_json::array();
    for (const auto& m : *memberships)
        providers.push_back({{"provider", m.provider},
                             {"state", sync::member_state_name(m.state)},
                             {"first_seq", m.first_seq},
                             {"first_at", m.first_at},
                             {"last_op", m.last_op},
                             {"last_seq", m.last_seq},
                             {"last_at", m.last_at}});
    return {};
}

} // namespace aafd::cli
