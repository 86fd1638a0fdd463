// One request of an AAF file (addRequest, modifyRequest or deleteRequest), as views
// into the decoded text of the block that holds it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "parsers/category.hpp"

namespace aafd {

enum class Operation { Add, Modify, Delete };

// An attribute with its values in file order. An empty <value/> is kept as an empty
// view: the file said "no value" (sync/ drops empty values when it canonicalises).
struct Attribute {
    std::string_view name;
    std::vector<std::string_view> values;
};

// REQUIRES: the RecordBlock the record came from outlives every view in it.
struct Record {
    Operation operation = Operation::Add;
    Category category = Category::Structure;
    std::string_view id;               // the <identifier><id>, equal to the key attribute
    std::vector<Attribute> attributes; // <attributes> of an add, <modifications> of a modify
    std::uint64_t line = 0;            // 1-based line of the record's opening tag in its file
};

} // namespace aafd
