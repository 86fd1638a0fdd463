// The names of feed operations and field groups, as written in feeds and in the
// [[provider]] fields list.
#include "sync/feed/feed_line.hpp"

#include <array>
#include <utility>

namespace aafd::sync {
namespace {

constexpr std::array<std::pair<FeedField, std::string_view>, 7> k_field_names{{
    {FeedField::Login, "login"},
    {FeedField::Names, "names"},
    {FeedField::BirthDate, "birth_date"},
    {FeedField::Profiles, "profiles"},
    {FeedField::Schools, "schools"},
    {FeedField::Classes, "classes"},
    {FeedField::Links, "links"},
}};

} // namespace

std::string_view feed_op_name(FeedOp op) {
    switch (op) {
    case FeedOp::Create:
        return "create";
    case FeedOp::Update:
        return "update";
    case FeedOp::Deactivate:
        return "deactivate";
    case FeedOp::Delete:
        return "delete";
    }
    return "unknown";
}

std::string_view feed_field_name(FeedField field) {
    for (const auto& [known, name] : k_field_names)
        if (known == field)
            return name;
    return "unknown";
}

std::optional<FeedField> feed_field_from_name(std::string_view name) {
    for (const auto& [field, known] : k_field_names)
        if (known == name)
            return field;
    return std::nullopt;
}

} // namespace aafd::sync
