// Writes small AAF files for engine tests: one category per file, records given as
// (id, attributes), in the real XML shape.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "parsers/category.hpp"
#include "tests/test_support.hpp"

namespace aafd::test {

using TestAttributes = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct TestRecord {
    std::string id;
    TestAttributes attributes;
    std::string request = "addRequest"; // or modifyRequest, deleteRequest
};

inline std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

inline std::string export_xml(Category category, const std::vector<TestRecord>& records) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<!DOCTYPE ficAlimMENESR SYSTEM \"ficAlimMENESR.dtd\">\n<ficAlimMENESR>\n";
    for (const auto& record : records) {
        xml += "<" + record.request + ">\n<operationalAttributes><attr name=\"" +
               std::string(operational_attribute(category)) + "\"><value>" +
               std::string(category_name(category)) +
               "</value></attr></operationalAttributes>\n<identifier><id>" + record.id +
               "</id></identifier>\n";
        bool modify = record.request == "modifyRequest";
        if (record.request != "deleteRequest") {
            xml += modify ? "<modifications>\n" : "<attributes>\n";
            if (!modify)
                xml += "<attr name=\"" + std::string(key_attribute(category)) + "\"><value>" +
                       record.id + "</value></attr>\n";
            for (const auto& [name, values] : record.attributes) {
                xml += modify ? "<modification name=\"" + name + "\" operation=\"replace\">"
                              : "<attr name=\"" + name + "\">";
                for (const auto& value : values)
                    xml += value.empty() ? "<value/>" : "<value>" + xml_escape(value) + "</value>";
                xml += modify ? "</modification>\n" : "</attr>\n";
            }
            xml += modify ? "</modifications>\n" : "</attributes>\n";
        }
        xml += "</" + record.request + ">\n";
    }
    return xml + "</ficAlimMENESR>\n";
}

// Writes DIR/<prefix>_<kind>_<date>_<token>_<chunk>.xml and returns its path.
inline std::filesystem::path write_export(const std::filesystem::path& dir,
                                          const std::string& prefix, const std::string& kind,
                                          const std::string& date, Category category,
                                          const std::vector<TestRecord>& records,
                                          const std::string& chunk = "0000") {
    auto path = dir / (prefix + "_" + kind + "_" + date + "_" + std::string(file_token(category)) +
                       "_" + chunk + ".xml");
    write_file(path, export_xml(category, records));
    return path;
}

} // namespace aafd::test
