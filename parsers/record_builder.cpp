// From pugixml elements to Records: views into the parsed text, no copy of any value.
#include "parsers/record_builder.hpp"

#include <algorithm>
#include <cstring>

#include "util/printable_text.hpp"

namespace aafd {
namespace {

// The values one record may hold. Each costs far more downstream than its bytes (its
// canonical string, its JSON, a link row): 650,000 values in a 15 MiB record took an
// import to 416 MB. The largest real records (a lycée's classes and groups) hold a few
// thousand.
constexpr std::size_t k_max_values = 65536;

// Inline, unlike strcmp: it runs for every node. N counts the literal's NUL, so a shorter
// name stops at its own NUL and nothing past it is read.
template <std::size_t N>
bool same_name(const char* name, const char (&expected)[N]) {
    for (std::size_t i = 0; i < N; ++i)
        if (name[i] != expected[i])
            return false;
    return true;
}

// Text nodes have an empty name, so this is also an element test.
template <std::size_t N>
bool named(pugi::xml_node node, const char (&expected)[N]) {
    return same_name(node.name(), expected);
}

template <std::size_t N>
std::optional<std::string_view> attribute_value(pugi::xml_node node, const char (&name)[N]) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
        if (same_name(a.name(), name))
            return a.value();
    return std::nullopt;
}

// The element at `index` of a vector being refilled: the old one, whose own vectors keep
// their capacity, or a new one. Reusing the records of the previous block saves an
// allocation per attribute.
template <class T>
T& reuse_at(std::vector<T>& items, std::size_t index) {
    return index < items.size() ? items[index] : items.emplace_back();
}

bool is_text(pugi::xml_node node) {
    const pugi::xml_node_type type = node.type();
    return type == pugi::node_pcdata || type == pugi::node_cdata;
}

// The text of an element: a view of its only text child, else the join of its text
// children in a new string of `joined`; empty for <value/>.
std::string_view text_of(pugi::xml_node element, std::deque<std::string>& joined) {
    const pugi::xml_node first = element.first_child();
    if (!first)
        return {};
    if (!first.next_sibling())
        return is_text(first) ? std::string_view(first.value()) : std::string_view();
    std::string& text = joined.emplace_back();
    for (pugi::xml_node child = first; child; child = child.next_sibling())
        if (is_text(child))
            text += child.value();
    return text;
}

// XML 1.0 allows no C0 control but tab, LF and CR in text (pugixml does not check raw
// bytes; character references are checked before): a value with another one, or DEL, is
// refused. An id, which `show` and
// the feeds print, may not hold any, tab and line breaks included.
bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

bool has_forbidden_control(std::string_view value) {
    for (unsigned char c : value)
        if (is_control(c) && c != '\t' && c != '\n' && c != '\r')
            return true;
    return false;
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<Operation> operation_of(pugi::xml_node node) {
    if (named(node, "addRequest"))
        return Operation::Add;
    if (named(node, "modifyRequest"))
        return Operation::Modify;
    if (named(node, "deleteRequest"))
        return Operation::Delete;
    return std::nullopt;
}

// The three parts of a request; a part the file lacks is a null node.
struct RequestParts {
    pugi::xml_node operational;
    pugi::xml_node identifier;
    pugi::xml_node body; // <attributes> of an add, <modifications> of a modify
};

RequestParts parts_of(pugi::xml_node request, Operation operation) {
    const char* body_name = operation == Operation::Modify ? "modifications" : "attributes";
    RequestParts parts;
    for (pugi::xml_node child = request.first_child(); child; child = child.next_sibling()) {
        if (named(child, "operationalAttributes"))
            parts.operational = child;
        else if (named(child, "identifier"))
            parts.identifier = child;
        else if (operation != Operation::Delete && std::strcmp(child.name(), body_name) == 0)
            parts.body = child;
    }
    return parts;
}

class RecordFiller {
public:
    RecordFiller(Record& record, std::deque<std::string>& joined)
        : m_record(record), m_joined(joined) {}

    // Fills the record from its element; the message of the first problem otherwise.
    std::optional<std::string> fill(pugi::xml_node request) {
        const RequestParts parts = parts_of(request, m_record.operation);
        m_record.id = trimmed(text_of(parts.identifier.child("id"), m_joined));
        if (m_record.id.empty())
            return "record without an <id>";
        if (std::ranges::any_of(m_record.id, [](unsigned char c) { return is_control(c); }))
            return "record " + printable_text(m_record.id) + ": <id> holds a control character";
        if (auto problem = read_category(parts.operational))
            return prefixed(*problem);
        if (auto problem = read_attributes(parts.body))
            return prefixed(*problem);
        if (auto problem = check_key())
            return prefixed(*problem);
        if (auto problem = check_controls())
            return prefixed(*problem);
        return std::nullopt;
    }

private:
    std::string prefixed(const std::string& message) const {
        return "record " + std::string(m_record.id) + ": " + message;
    }

    std::optional<std::string> read_category(pugi::xml_node operational) {
        const pugi::xml_node attr = operational.child("attr");
        if (!attr)
            return "missing category (no <operationalAttributes><attr>)";
        const std::string_view name = attribute_value(attr, "name").value_or("");
        const std::string_view value = trimmed(text_of(attr.child("value"), m_joined));
        const auto category = category_from_operational(name, value);
        if (!category)
            return "unknown category " + std::string(name) + "=" + std::string(value);
        m_record.category = *category;
        return std::nullopt;
    }

    // Replaces the record's attributes with those of `body` (none when it is null).
    std::optional<std::string> read_attributes(pugi::xml_node body) {
        const bool modify = m_record.operation == Operation::Modify;
        const char* element = modify ? "modification" : "attr";
        std::vector<Attribute>& attributes = m_record.attributes;
        std::size_t used = 0;
        std::size_t values = 0;
        for (pugi::xml_node child = body.first_child(); child; child = child.next_sibling()) {
            if (!(modify ? named(child, "modification") : named(child, "attr")))
                continue;
            const auto name = attribute_value(child, "name");
            if (!name || name->empty())
                return "<" + std::string(element) + "> without a name";
            if (modify)
                if (auto problem = check_replace(child, *name))
                    return problem;
            Attribute& attribute = reuse_at(attributes, used++);
            attribute.name = *name;
            read_values(child, attribute.values);
            values += attribute.values.size();
            if (values > k_max_values)
                return "more than " + std::to_string(k_max_values) + " values (at " +
                       printable_text(attribute.name) + ")";
        }
        attributes.resize(used);
        return std::nullopt;
    }

    static std::optional<std::string> check_replace(pugi::xml_node modification,
                                                    std::string_view name) {
        const auto operation = attribute_value(modification, "operation");
        if (!operation || *operation == "replace")
            return std::nullopt;
        return "modification " + std::string(name) + " has operation \"" + std::string(*operation) +
               "\", only \"replace\" is supported";
    }

    void read_values(pugi::xml_node element, std::vector<std::string_view>& values) {
        values.clear();
        for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling())
            if (named(child, "value"))
                values.push_back(text_of(child, m_joined));
    }

    // An add must carry the key attribute, equal to the <id>; a modify may omit it but
    // must not change it.
    std::optional<std::string> check_key() const {
        if (m_record.operation == Operation::Delete)
            return std::nullopt;
        const std::string_view key = key_attribute(m_record.category);
        for (const Attribute& attribute : m_record.attributes) {
            if (attribute.name != key)
                continue;
            const std::string_view value =
                attribute.values.empty() ? std::string_view() : trimmed(attribute.values.front());
            if (value == m_record.id)
                return std::nullopt;
            return "<id> " + std::string(m_record.id) + " differs from " + std::string(key) + " " +
                   std::string(value);
        }
        if (m_record.operation == Operation::Modify)
            return std::nullopt;
        return "missing " + std::string(key);
    }

    std::optional<std::string> check_controls() const {
        for (const Attribute& attribute : m_record.attributes)
            for (std::string_view value : attribute.values)
                if (has_forbidden_control(value))
                    return printable_text(attribute.name) +
                           " holds a control character: " + printable_text(value);
        return std::nullopt;
    }

    Record& m_record;
    std::deque<std::string>& m_joined;
};

} // namespace

std::string record_too_large(std::size_t max_record_size) {
    return "record larger than " + std::to_string(max_record_size) + " bytes (max_record_size)";
}

std::optional<TextProblem> build_records(pugi::xml_node fragment, std::string_view parsed_text,
                                         const LineOf& line_of, std::size_t max_record_size,
                                         std::deque<std::string>& joined,
                                         std::vector<Record>& records) {
    std::size_t used = 0;
    std::optional<std::size_t> previous_start;
    auto check_size = [&](std::size_t end) -> std::optional<TextProblem> {
        if (previous_start && end - *previous_start > max_record_size)
            return TextProblem{*previous_start, record_too_large(max_record_size)};
        return std::nullopt;
    };
    for (pugi::xml_node node = fragment.first_child(); node; node = node.next_sibling()) {
        const auto operation = operation_of(node);
        if (!operation)
            continue;
        const auto start = static_cast<std::size_t>(node.name() - parsed_text.data()) - 1;
        if (auto problem = check_size(start))
            return problem;
        previous_start = start;
        Record& record = reuse_at(records, used++);
        record.operation = *operation;
        record.line = line_of(start);
        if (auto message = RecordFiller(record, joined).fill(node))
            return TextProblem{start, std::move(*message)};
    }
    records.resize(used);
    return check_size(parsed_text.size());
}

} // namespace aafd
