// Canonicalisation, hashing, modification and JSON form of record attributes.
#include "sync/core/attributes.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>
#include <xxhash.h>

namespace aafd::sync {
namespace {

bool has_value(const Attribute& attribute) {
    return std::any_of(attribute.values.begin(), attribute.values.end(),
                       [](std::string_view v) { return !v.empty(); });
}

// Indices of the attributes that carry a value, sorted by name (stable: file order
// among equal names, which are then merged).
std::vector<const Attribute*> sorted_with_values(std::span<const Attribute> attributes) {
    std::vector<const Attribute*> sorted;
    sorted.reserve(attributes.size());
    for (const auto& attribute : attributes)
        if (has_value(attribute))
            sorted.push_back(&attribute);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Attribute* a, const Attribute* b) { return a->name < b->name; });
    return sorted;
}

class Hasher {
public:
    Hasher() : m_state(XXH3_createState()) { XXH3_64bits_reset(m_state); }
    ~Hasher() { XXH3_freeState(m_state); }
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    void name(std::string_view name) {
        add(k_attribute_separator);
        add(name);
    }
    void value(std::string_view value) {
        add(k_value_separator);
        add(value);
    }
    std::uint64_t digest() { return XXH3_64bits_digest(m_state); }

private:
    static constexpr std::string_view k_attribute_separator{"\x1e", 1};
    static constexpr std::string_view k_value_separator{"\x1f", 1};
    void add(std::string_view bytes) { XXH3_64bits_update(m_state, bytes.data(), bytes.size()); }
    XXH3_state_t* m_state;
};

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out += '"';
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

} // namespace

Attributes canonical_attributes(std::span<const Attribute> attributes) {
    Attributes result;
    for (const Attribute* attribute : sorted_with_values(attributes)) {
        if (result.empty() || result.back().name != attribute->name)
            result.push_back({std::string(attribute->name), {}});
        for (std::string_view value : attribute->values)
            if (!value.empty())
                result.back().values.emplace_back(value);
    }
    return result;
}

std::uint64_t canonical_hash(std::span<const Attribute> attributes) {
    Hasher hasher;
    std::string_view previous;
    bool first = true;
    for (const Attribute* attribute : sorted_with_values(attributes)) {
        if (first || attribute->name != previous)
            hasher.name(attribute->name);
        first = false;
        previous = attribute->name;
        for (std::string_view value : attribute->values)
            if (!value.empty())
                hasher.value(value);
    }
    return hasher.digest();
}

std::uint64_t attributes_hash(const Attributes& attributes) {
    Hasher hasher;
    for (const auto& attribute : attributes) {
        hasher.name(attribute.name);
        for (const auto& value : attribute.values)
            hasher.value(value);
    }
    return hasher.digest();
}

Attributes apply_modifications(Attributes base, std::span<const Attribute> modifications) {
    for (const auto& modification : canonical_attributes(modifications)) {
        auto it = std::lower_bound(
            base.begin(), base.end(), modification.name,
            [](const AttributeValues& a, const std::string& name) { return a.name < name; });
        if (it != base.end() && it->name == modification.name)
            it->values = modification.values;
        else
            base.insert(it, modification);
    }
    // A modification that clears an attribute: listed, but with no value left.
    for (const auto& modification : modifications) {
        if (has_value(modification))
            continue;
        std::erase_if(base, [&](const AttributeValues& a) { return a.name == modification.name; });
    }
    return base;
}

std::vector<std::string> changed_attribute_names(const Attributes& before,
                                                 const Attributes& after) {
    std::map<std::string_view, std::pair<const AttributeValues*, const AttributeValues*>> by_name;
    for (const auto& a : before)
        by_name[a.name].first = &a;
    for (const auto& a : after)
        by_name[a.name].second = &a;
    std::vector<std::string> changed;
    for (const auto& [name, pair] : by_name)
        if (!pair.first || !pair.second || pair.first->values != pair.second->values)
            changed.emplace_back(name);
    return changed;
}

const std::vector<std::string>& values_of(const Attributes& attributes, std::string_view name) {
    static const std::vector<std::string> k_none;
    auto it =
        std::lower_bound(attributes.begin(), attributes.end(), name,
                         [](const AttributeValues& a, std::string_view n) { return a.name < n; });
    return it != attributes.end() && it->name == name ? it->values : k_none;
}

std::string_view first_value(const Attributes& attributes, std::string_view name) {
    const auto& values = values_of(attributes, name);
    return values.empty() ? std::string_view{} : std::string_view{values.front()};
}

std::string attributes_to_json(const Attributes& attributes) {
    std::string out = "{";
    for (const auto& attribute : attributes) {
        if (out.size() > 1)
            out += ',';
        append_json_string(out, attribute.name);
        out += ":[";
        for (std::size_t i = 0; i < attribute.values.size(); ++i) {
            if (i)
                out += ',';
            append_json_string(out, attribute.values[i]);
        }
        out += ']';
    }
    out += '}';
    return out;
}

Result<Attributes> attributes_from_json(std::string_view json) {
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
        return fail(ErrorCode::Internal, "stored attributes are not a JSON object");
    Attributes attributes;
    for (const auto& [name, values] : parsed.items()) {
        if (!values.is_array())
            return fail(ErrorCode::Internal, "stored attribute " + name + " is not a list");
        AttributeValues entry{name, {}};
        for (const auto& value : values) {
            if (!value.is_string())
                return fail(ErrorCode::Internal,
                            "stored attribute " + name + " has a non-text value");
            entry.values.push_back(value.get<std::string>());
        }
        attributes.push_back(std::move(entry));
    }
    std::sort(attributes.begin(), attributes.end(),
              [](const AttributeValues& a, const AttributeValues& b) { return a.name < b.name; });
    return attributes;
}

} // namespace aafd::sync
