// Builds parser Records for tests: the strings live in the builder, the records
// point into them, as they point into a block's text in real use.
#pragma once

#include <deque>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "parsers/record.hpp"

namespace aafd::test {

class RecordBuilder {
public:
    using Values = std::vector<std::string>;

    // An addRequest with the key attribute set to `id` and the given attributes.
    Record& add(Category category, const std::string& id,
                std::initializer_list<std::pair<std::string, Values>> attributes) {
        Record& record = start(Operation::Add, category, id);
        attribute(record, std::string(key_attribute(category)), {id});
        for (const auto& [name, values] : attributes)
            attribute(record, name, values);
        return record;
    }

    Record& modify(Category category, const std::string& id,
                   std::initializer_list<std::pair<std::string, Values>> modifications) {
        Record& record = start(Operation::Modify, category, id);
        for (const auto& [name, values] : modifications)
            attribute(record, name, values);
        return record;
    }

    Record& remove(Category category, const std::string& id) {
        return start(Operation::Delete, category, id);
    }

    // A copy: the views point into the builder's strings, which stay put.
    std::vector<Record> records() const { return {m_records.begin(), m_records.end()}; }
    void clear() { m_records.clear(); }

private:
    std::string_view keep(const std::string& text) { return m_strings.emplace_back(text); }

    Record& start(Operation operation, Category category, const std::string& id) {
        Record& record = m_records.emplace_back();
        record.operation = operation;
        record.category = category;
        record.id = keep(id);
        record.line = m_records.size();
        return record;
    }

    void attribute(Record& record, const std::string& name, const Values& values) {
        Attribute attribute{keep(name), {}};
        for (const auto& value : values)
            attribute.values.push_back(keep(value));
        record.attributes.push_back(std::move(attribute));
    }

    std::deque<std::string> m_strings;
    std::deque<Record> m_records; // stable: add() returns references into it
};

} // namespace aafd::test
