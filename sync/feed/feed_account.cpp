// Building a provider's view of one account, keeping only its own schools.
#include "sync/feed/feed_account.hpp"

#include <algorithm>
#include <tuple>

#include "sync/core/attributes.hpp"

namespace aafd::sync {
namespace {

template <class T>
void sort_unique(std::vector<T>& items, auto less) {
    std::sort(items.begin(), items.end(), less);
    items.erase(std::unique(items.begin(), items.end()), items.end());
}

const StructureRow* school_of(const ProviderScope& scope, const std::string& source,
                              const std::string& structure_id) {
    auto found = scope.schools.find({source, structure_id});
    return found == scope.schools.end() ? nullptr : &found->second;
}

std::vector<FeedSchool> schools_in_scope(const StoredObject& object, const ProviderScope& scope) {
    std::vector<FeedSchool> schools;
    for (const auto& link : backward_links(object.entity))
        if (link.kind == LinkKind::Structure)
            if (const auto* school = school_of(scope, object.key.source, link.target))
                schools.push_back({school->uai, school->label});
    sort_unique(schools, [](const auto& a, const auto& b) { return a.uai < b.uai; });
    return schools;
}

std::vector<FeedClass> classes_in_scope(const StoredObject& object, const ProviderScope& scope) {
    std::vector<FeedClass> classes;
    for (const auto& link : object.entity.links) {
        if (link.kind != LinkKind::Class && link.kind != LinkKind::Group)
            continue;
        const auto* school = school_of(scope, object.key.source, link.target);
        if (!school)
            continue;
        auto label = link.detail;
        if (label.empty())
            if (auto listed =
                    scope.labels.find({object.key.source, link.target, link.kind, link.code});
                listed != scope.labels.end())
                label = listed->second;
        classes.push_back(
            {school->uai, link.kind == LinkKind::Class ? "class" : "group", link.code, label});
    }
    sort_unique(classes, [](const auto& a, const auto& b) {
        return std::tie(a.uai, a.kind, a.code, a.label) < std::tie(b.uai, b.kind, b.code, b.label);
    });
    return classes;
}

// ENTPersonFonctions "structureId$code$label$disciplineCode$disciplineLabel", in scope.
std::vector<FeedFunction> functions_in_scope(const StoredObject& object,
                                             const ProviderScope& scope) {
    std::vector<FeedFunction> functions;
    for (const auto& value : values_of(object.attributes, "ENTPersonFonctions")) {
        std::vector<std::string> fields;
        for (std::size_t from = 0;;) {
            auto to = value.find('$', from);
            fields.push_back(value.substr(from, to - from));
            if (to == std::string::npos)
                break;
            from = to + 1;
        }
        fields.resize(std::max<std::size_t>(fields.size(), 5));
        if (const auto* school = school_of(scope, object.key.source, fields[0]))
            functions.push_back({school->uai, fields[1], fields[2], fields[3], fields[4]});
    }
    sort_unique(functions, [](const auto& a, const auto& b) {
        return std::tie(a.uai, a.code, a.discipline) < std::tie(b.uai, b.code, b.discipline);
    });
    return functions;
}

} // namespace

FeedAccount make_feed_account(const StoredObject& object, const Account& account, bool with_code,
                              std::vector<FeedLink> links, const ProviderScope& scope,
                              const ProfileTable& profiles) {
    FeedAccount feed;
    feed.id = object.key.id;
    feed.category = std::string(category_name(object.key.category));
    feed.flow = std::string(flow_name(object.key.flow));
    feed.source = object.key.source;
    feed.login = account.login;
    if (with_code)
        feed.activation_code = account.activation_code;
    feed.last_name = object.entity.last_name;
    feed.first_name = object.entity.first_name;
    feed.birth_date = object.entity.birth_date;
    feed.profiles =
        derive_profiles(object.key.category, object.entity, object.attributes, profiles);
    feed.schools = schools_in_scope(object, scope);
    feed.classes = classes_in_scope(object, scope);
    feed.functions = functions_in_scope(object, scope);
    sort_unique(links, [](const auto& a, const auto& b) {
        return std::tie(a.kind, a.id) < std::tie(b.kind, b.id);
    });
    feed.links = std::move(links);
    return feed;
}

} // namespace aafd::sync
