// Reading typed fields and links out of AAF attributes, for both flows' vocabularies.
#include "sync/core/entity.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "util/date.hpp"

namespace aafd::sync {
namespace {

std::vector<std::string_view> split_packed(std::string_view value) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        auto end = value.find('$', start);
        fields.push_back(value.substr(start, end - start));
        if (end == std::string_view::npos)
            return fields;
        start = end + 1;
    }
}

std::string_view field(const std::vector<std::string_view>& fields, std::size_t index) {
    return index < fields.size() ? fields[index] : std::string_view{};
}

std::string_view first_of(const Attributes& attributes,
                          std::initializer_list<std::string_view> names) {
    for (auto name : names)
        if (auto value = first_value(attributes, name); !value.empty())
            return value;
    return {};
}

class LinkBuilder {
public:
    explicit LinkBuilder(const Attributes& attributes) : m_attributes(attributes) {}

    void add(LinkKind kind, std::string_view target, std::string_view code = {},
             std::string_view detail = {}) {
        if (!target.empty())
            m_links.push_back({kind, std::string(target), std::string(code), std::string(detail)});
    }
    // Each value of `name` split on '$'; `make` adds the links it means.
    template <class Make>
    void each_packed(std::string_view name, Make make) {
        for (const auto& value : values_of(m_attributes, name))
            make(split_packed(value));
    }
    void each_value(std::string_view name, LinkKind kind) {
        for (const auto& value : values_of(m_attributes, name))
            add(kind, value);
    }
    std::vector<Link> done() {
        std::sort(m_links.begin(), m_links.end());
        m_links.erase(std::unique(m_links.begin(), m_links.end(),
                                  [](const Link& a, const Link& b) {
                                      return a.kind == b.kind && a.target == b.target &&
                                             a.code == b.code;
                                  }),
                      m_links.end());
        return std::move(m_links);
    }

private:
    const Attributes& m_attributes;
    std::vector<Link> m_links;
};

// 2D "S$code" and 1D "S$x$y$code$label" class or group references.
void add_class_links(LinkBuilder& links, LinkKind kind, std::string_view two_field_name,
                     std::string_view five_field_name) {
    links.each_packed(two_field_name,
                      [&](const auto& f) { links.add(kind, field(f, 0), field(f, 1)); });
    links.each_packed(five_field_name, [&](const auto& f) {
        links.add(kind, field(f, 0), field(f, 3), field(f, 4));
    });
}

void add_person_links(LinkBuilder& links) {
    links.each_value("ENTPersonStructRattach", LinkKind::Structure);
    add_class_links(links, LinkKind::Class, "ENTEleveClasses", "ENTPersonClasses");
    add_class_links(links, LinkKind::Group, "ENTEleveGroupes", "ENTPersonGroupes");
}

// Whether `id` is listed in the pupil's ENTEleveAutoriteParentale (plain ids, or 1D
// "relativeId$linkCode").
bool holds_parental_authority(const Attributes& attributes, std::string_view id) {
    const auto& listed = values_of(attributes, "ENTEleveAutoriteParentale");
    return std::any_of(listed.begin(), listed.end(), [&](const std::string& value) {
        return field(split_packed(value), 0) == id;
    });
}

// 2D "relativeId$linkCode$financial$legal$contact$lives": a relative the pupil lists in
// ENTEleveAutoriteParentale is a legal representative ("1") whatever the legal field
// says (older exports rank the two representatives 1 and 2 there).
void add_pupil_relatives(LinkBuilder& links, const Attributes& attributes) {
    if (!values_of(attributes, "ENTElevePersRelEleve").empty()) {
        links.each_packed("ENTElevePersRelEleve", [&](const auto& f) {
            bool legal = holds_parental_authority(attributes, field(f, 0));
            links.add(LinkKind::Relative, field(f, 0), field(f, 1),
                      legal ? std::string_view("1") : field(f, 3));
        });
        return;
    }
    // 1D "relativeId$linkCode", or legacy 2D plain ids: legal representatives.
    links.each_packed("ENTEleveAutoriteParentale", [&](const auto& f) {
        links.add(LinkKind::Relative, field(f, 0), field(f, 1), "1");
    });
}

void add_staff_links(LinkBuilder& links) {
    links.each_packed("ENTPersonFonctions", [&](const auto& f) {
        links.add(LinkKind::Function, field(f, 0), field(f, 1), field(f, 3));
        links.add(LinkKind::Structure, field(f, 0));
    });
    links.each_value("ENTEnsFonctionDir", LinkKind::Director);
    links.each_value("ENTEnsFonctionDir", LinkKind::Structure);
    add_class_links(links, LinkKind::Class, "ENTAuxEnsClasses", "");
    add_class_links(links, LinkKind::Group, "ENTAuxEnsGroupes", "");
}

void add_structure_links(LinkBuilder& links, std::string_view self) {
    links.each_packed("ENTStructureClasses", [&](const auto& f) {
        links.add(LinkKind::Class, self, field(f, 0), field(f, 1));
    });
    links.each_packed("ENTStructureGroupes", [&](const auto& f) {
        links.add(LinkKind::Group, self, field(f, 0), field(f, 1));
    });
}

std::string iso_birth_date(const Attributes& attributes) {
    auto date = parse_aaf_date(first_value(attributes, "ENTPersonDateNaissance"));
    return date ? to_iso(*date) : std::string{};
}

Entity interpret_person(Category category, const Attributes& attributes) {
    Entity entity;
    entity.last_name = first_of(attributes, {"sn", "ENTPersonNom", "ENTPersonNomPatro"});
    entity.first_name = first_of(attributes, {"givenName", "ENTPersonPrenom"});
    entity.birth_date = iso_birth_date(attributes);
    entity.ine = first_value(attributes, "ENTEleveINE");
    LinkBuilder links(attributes);
    add_person_links(links);
    if (category == Category::Pupil)
        add_pupil_relatives(links, attributes);
    if (category == Category::Relative)
        links.each_value("ENTPersRelEleveEleve", LinkKind::Child);
    if (category == Category::Staff)
        add_staff_links(links);
    entity.links = links.done();
    return entity;
}

Entity interpret_structure(const Attributes& attributes) {
    Entity entity;
    entity.uai = first_of(attributes, {"ENTStructureUAI", "ENTEtablissementUAI"});
    entity.label = first_value(attributes, "ENTStructureNomCourant");
    LinkBuilder links(attributes);
    add_structure_links(links, first_value(attributes, "ENTStructureJointure"));
    entity.links = links.done();
    return entity;
}

constexpr std::array<std::string_view, 7> k_link_kind_names{
    "structure", "class", "group", "relative", "child", "function", "director"};

} // namespace

std::string_view link_kind_name(LinkKind kind) {
    return k_link_kind_names[static_cast<std::size_t>(kind)];
}

std::optional<LinkKind> link_kind_from_name(std::string_view name) {
    for (std::size_t i = 0; i < k_link_kind_names.size(); ++i)
        if (k_link_kind_names[i] == name)
            return static_cast<LinkKind>(i);
    return std::nullopt;
}

std::vector<Link> backward_links(const Entity& entity) {
    std::vector<Link> links;
    for (const auto& link : entity.links) {
        if (link.kind == LinkKind::Relative)
            links.push_back(link);
        else if (link.kind != LinkKind::Child)
            links.push_back({LinkKind::Structure, link.target, "", ""});
    }
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());
    return links;
}

Entity interpret(Category category, const Attributes& attributes) {
    switch (category) {
    case Category::Structure:
        return interpret_structure(attributes);
    case Category::Subject: {
        Entity entity;
        entity.label = first_value(attributes, "ENTLibelleMatiere");
        return entity;
    }
    case Category::Mef: {
        Entity entity;
        entity.label = first_value(attributes, "ENTLibelleMef");
        return entity;
    }
    case Category::Pupil:
    case Category::Relative:
    case Category::Staff:
        return interpret_person(category, attributes);
    }
    return {};
}

} // namespace aafd::sync
