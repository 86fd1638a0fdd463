// Decoding of object rows, shared by the store and the account store.
#include "sync/store/object_row.hpp"

namespace aafd::sync {

std::string object_columns_of(std::string_view alias) {
    std::string columns;
    std::string_view rest = k_object_columns;
    while (!rest.empty()) {
        auto comma = rest.find(", ");
        auto column = rest.substr(0, comma);
        columns.append(columns.empty() ? "" : ", ").append(alias).append(".").append(column);
        rest = comma == std::string_view::npos ? "" : rest.substr(comma + 2);
    }
    return columns;
}

Result<StoredObject> read_object_row(const Statement& statement) {
    StoredObject object;
    object.rowid = statement.column_int(0);
    object.key = {statement.column_text(1),
                  flow_from_name(statement.column_text(2)).value_or(Flow::Second),
                  category_from_name(statement.column_text(3)).value_or(Category::Structure),
                  statement.column_text(4)};
    object.state = state_from_name(statement.column_text(5)).value_or(State::Active);
    object.state_since = statement.column_text(6);
    auto attributes = attributes_from_json(statement.column_text(7));
    if (!attributes)
        return std::unexpected(attributes.error());
    object.attributes = std::move(*attributes);
    object.entity = interpret(object.key.category, object.attributes);
    Entity& e = object.entity;
    e.last_name = statement.column_text(8);
    e.first_name = statement.column_text(9);
    e.birth_date = statement.column_text(10);
    e.ine = statement.column_text(11);
    e.uai = statement.column_text(12);
    e.label = statement.column_text(13);
    return object;
}

Result<std::vector<StoredObject>> read_object_rows(Statement& statement) {
    std::vector<StoredObject> objects;
    auto done = statement.for_each_row([&]() -> Result<void> {
        auto object = read_object_row(statement);
        if (!object)
            return std::unexpected(object.error());
        objects.push_back(std::move(*object));
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return objects;
}

} // namespace aafd::sync
