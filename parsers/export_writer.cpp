// AAF requests as text: one small pugixml document per request, printed raw (pugixml
// escapes & < > and quotes), one attribute a line as the académie's files have them.
#include "parsers/export_writer.hpp"

#include <cstdio>

#include <pugixml.hpp>

namespace aafd {
namespace {

class StringWriter : public pugi::xml_writer {
public:
    explicit StringWriter(std::string& out) : m_out(out) {}
    void write(const void* data, std::size_t size) override {
        m_out.append(static_cast<const char*>(data), size);
    }

private:
    std::string& m_out;
};

std::string owned(std::string_view text) { return std::string(text); }

void print(std::string& out, const pugi::xml_node& node) {
    StringWriter writer(out);
    node.print(writer, "", pugi::format_raw);
}

void add_value(pugi::xml_node parent, std::string_view value) {
    auto node = parent.append_child("value");
    if (!value.empty())
        node.text().set(owned(value).c_str());
}

void append_head(std::string& out, Category category, std::string_view id) {
    pugi::xml_document doc;
    auto attr = doc.append_child("operationalAttributes").append_child("attr");
    attr.append_attribute("name").set_value(owned(operational_attribute(category)).c_str());
    add_value(attr, category_name(category));
    print(out, doc.first_child());
    out += '\n';
    pugi::xml_document identifier;
    identifier.append_child("identifier").append_child("id").text().set(owned(id).c_str());
    print(out, identifier.first_child());
    out += '\n';
}

void append_attribute(std::string& out, Operation operation, const Attribute& attribute) {
    pugi::xml_document doc;
    bool modify = operation == Operation::Modify;
    auto node = doc.append_child(modify ? "modification" : "attr");
    node.append_attribute("name").set_value(owned(attribute.name).c_str());
    if (modify)
        node.append_attribute("operation").set_value("replace");
    if (attribute.values.empty())
        add_value(node, "");
    for (auto value : attribute.values)
        add_value(node, value);
    print(out, node);
    out += '\n';
}

std::string_view request_tag(Operation operation) {
    switch (operation) {
    case Operation::Modify:
        return "modifyRequest";
    case Operation::Delete:
        return "deleteRequest";
    case Operation::Add:
        break;
    }
    return "addRequest";
}

} // namespace

std::string export_file_name(std::string_view prefix, SetKind kind, Date date, Category category,
                             unsigned chunk) {
    char number[8];
    std::snprintf(number, sizeof number, "%04u", chunk);
    return std::string(prefix) + "_" + std::string(set_kind_name(kind)) + "_" + to_compact(date) +
           "_" + std::string(file_token(category)) + "_" + number + ".xml";
}

std::string export_file_header(Flow flow, Date export_date) {
    char date[16];
    std::snprintf(date, sizeof date, "%02u/%02u/%04d", unsigned(export_date.day()),
                  unsigned(export_date.month()), int(export_date.year()));
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ficAlimMENESR>\n<!-- degre=\"" +
           std::string(flow_name(flow)) + "\" -->\n<!-- dateGenerationExport=\"" + date +
           "\" -->\n\n";
}

std::string_view export_file_footer() { return "</ficAlimMENESR>\n"; }

void append_request(std::string& out, Operation operation, Category category, std::string_view id,
                    std::span<const Attribute> attributes) {
    auto tag = request_tag(operation);
    out += "<" + std::string(tag) + ">\n";
    append_head(out, category, id);
    if (operation != Operation::Delete) {
        bool modify = operation == Operation::Modify;
        out += modify ? "<modifications>\n" : "<attributes>\n";
        for (const auto& attribute : attributes)
            append_attribute(out, operation, attribute);
        out += modify ? "</modifications>\n" : "</attributes>\n";
    }
    out += "</" + std::string(tag) + ">\n\n";
}

} // namespace aafd
