// The canonical, owned form of a record's attributes, as the store keeps them:
// sorted by name, empty values dropped, attributes without values dropped (an empty
// value in a full record clears). Two records with the same canonical form are the
// same record, so the hash of that form tells "changed" from "unchanged".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/record.hpp"
#include "util/error.hpp"

namespace aafd::sync {

struct AttributeValues {
    std::string name;
    std::vector<std::string> values;
    bool operator==(const AttributeValues&) const = default;
};

using Attributes = std::vector<AttributeValues>;

Attributes canonical_attributes(std::span<const Attribute> attributes);

// Equal to attributes_hash(canonical_attributes(attributes)), without copying.
std::uint64_t canonical_hash(std::span<const Attribute> attributes);
std::uint64_t attributes_hash(const Attributes& attributes);

// A modifyRequest: each listed attribute gets the listed values (replace).
Attributes apply_modifications(Attributes base, std::span<const Attribute> modifications);

// Names of the attributes whose values differ, sorted.
std::vector<std::string> changed_attribute_names(const Attributes& before, const Attributes& after);

// The values of `name`, or an empty list.
const std::vector<std::string>& values_of(const Attributes& attributes, std::string_view name);
// The first value of `name`, or "".
std::string_view first_value(const Attributes& attributes, std::string_view name);

// {"name":["v1","v2"],…} in canonical order. The store keeps this text.
std::string attributes_to_json(const Attributes& attributes);
Result<Attributes> attributes_from_json(std::string_view json);

} // namespace aafd::sync
