// JSON Lines and CSV rendering of feed lines. One model, an ordered JSON object holding
// only what the provider may see, is written either as compact JSON or as the cells of
// the fixed CSV columns (a key the object lacks is an empty cell).
#include "sync/feed/format.hpp"

#include <array>
#include <functional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "parsers/structure_name.hpp"
#include "parsers/text_encoding.hpp"

namespace aafd::sync {
namespace {

using Json = nlohmann::ordered_json;

// The CSV columns after seq, op, reason, id, category, flow and source, in order, with the
// group that brings each.
// school_names came after the others, so that their columns kept their places.
constexpr std::array<std::pair<FeedField, std::string_view>, 10> k_group_columns{{
    {FeedField::Login, "login"},
    {FeedField::Login, "activation_code"},
    {FeedField::Names, "last_name"},
    {FeedField::Names, "first_name"},
    {FeedField::BirthDate, "birth_date"},
    {FeedField::Profiles, "profiles"},
    {FeedField::Schools, "schools"},
    {FeedField::Classes, "classes"},
    {FeedField::Links, "links"},
    {FeedField::Schools, "school_names"},
}};
constexpr std::array<std::string_view, 7> k_common_columns{"seq",      "op",   "reason", "id",
                                                           "category", "flow", "source"};

std::vector<std::string_view> csv_columns(const FeedFields& fields) {
    std::vector<std::string_view> columns(k_common_columns.begin(), k_common_columns.end());
    for (const auto& [field, column] : k_group_columns)
        if (fields.contains(field))
            columns.push_back(column);
    return columns;
}

bool is_utf8(std::string_view text) {
    TextDecoder decoder(TextEncoding::Utf8);
    std::string decoded;
    return decoder.decode(text, decoded).ok() && decoder.finish().ok();
}

// Calls `visit(field name, text)` for every string of the line.
void for_each_string(const FeedLine& line,
                     const std::function<void(std::string_view, const std::string&)>& visit) {
    const auto& account = line.account;
    visit("reason", line.reason);
    visit("id", account.id);
    visit("category", account.category);
    visit("flow", account.flow);
    visit("source", account.source);
    visit("login", account.login);
    if (account.activation_code)
        visit("activation_code", *account.activation_code);
    visit("last_name", account.last_name);
    visit("first_name", account.first_name);
    visit("birth_date", account.birth_date);
    for (const auto& profile : account.profiles)
        visit("profiles", profile);
    for (const auto& school : account.schools)
        for (const auto* text : {&school.uai, &school.name})
            visit("schools", *text);
    for (const auto& group : account.classes)
        for (const auto* text : {&group.uai, &group.kind, &group.code, &group.label})
            visit("classes", *text);
    for (const auto& link : account.links)
        for (const auto* text : {&link.kind, &link.id, &link.login})
            visit("links", *text);
}

Result<void> check_utf8(const FeedLine& line) {
    std::string_view invalid;
    for_each_string(line, [&](std::string_view field, const std::string& text) {
        if (invalid.empty() && !is_utf8(text))
            invalid = field;
    });
    if (invalid.empty())
        return {};
    return fail(ErrorCode::BadInput, "feed line seq " + std::to_string(line.seq) + " (id " +
                                         line.account.id + "): " + std::string(invalid) +
                                         " is not valid UTF-8");
}

// An empty birth date or link login is unknown: null, not "".
Json string_or_null(const std::string& text) { return text.empty() ? Json() : Json(text); }

// A school's name as the AAF gives it, and its parts (parsers/structure_name).
Json schools_json(const std::vector<FeedSchool>& schools) {
    Json array = Json::array();
    for (const auto& school : schools) {
        auto parsed = parse_structure_name(school.name);
        array.push_back(Json{{"uai", school.uai},
                             {"name", school.name},
                             {"type", string_or_null(parsed.type)},
                             {"label", parsed.name},
                             {"town", string_or_null(parsed.town)}});
    }
    return array;
}

Json classes_json(const std::vector<FeedClass>& classes) {
    Json array = Json::array();
    for (const auto& group : classes)
        array.push_back(Json{{"uai", group.uai},
                             {"kind", group.kind},
                             {"code", group.code},
                             {"label", group.label}});
    return array;
}

Json links_json(const std::vector<FeedLink>& links) {
    Json array = Json::array();
    for (const auto& link : links)
        array.push_back(
            Json{{"kind", link.kind}, {"id", link.id}, {"login", string_or_null(link.login)}});
    return array;
}

void add_account_data(const FeedAccount& account, const FeedFields& fields, Json& object) {
    if (fields.contains(FeedField::Login) && account.activation_code)
        object["activation_code"] = *account.activation_code;
    if (fields.contains(FeedField::Names)) {
        object["last_name"] = account.last_name;
        object["first_name"] = account.first_name;
    }
    if (fields.contains(FeedField::BirthDate))
        object["birth_date"] = string_or_null(account.birth_date);
    if (fields.contains(FeedField::Profiles))
        object["profiles"] = account.profiles;
    if (fields.contains(FeedField::Schools))
        object["schools"] = schools_json(account.schools);
    if (fields.contains(FeedField::Classes))
        object["classes"] = classes_json(account.classes);
    if (fields.contains(FeedField::Links))
        object["links"] = links_json(account.links);
}

// What the provider sees of the line, keys in the order of the specification.
Json line_object(const FeedLine& line, const FeedFields& fields) {
    const auto& account = line.account;
    Json object;
    object["seq"] = line.seq;
    object["op"] = feed_op_name(line.op);
    if (!line.reason.empty())
        object["reason"] = line.reason;
    object["id"] = account.id;
    object["category"] = account.category;
    object["flow"] = account.flow;
    object["source"] = account.source;
    if (fields.contains(FeedField::Login))
        object["login"] = account.login;
    if (line.op == FeedOp::Create || line.op == FeedOp::Update)
        add_account_data(account, fields, object);
    return object;
}

// Inside a multi-valued cell, '|' separates values and ':' the parts of a structured
// value; both, and '%', are percent-encoded within a part.
std::string encode_part(const std::string& text) {
    std::string encoded;
    for (char c : text) {
        if (c == '%')
            encoded += "%25";
        else if (c == '|')
            encoded += "%7C";
        else if (c == ':')
            encoded += "%3A";
        else
            encoded += c;
    }
    return encoded;
}

// A part of a multi-valued cell: an encoded string, or nothing for null.
std::string part_text(const Json& part) {
    return part.is_string() ? encode_part(part.get<std::string>()) : std::string();
}

// A value of a multi-valued cell: a string, or an object's values joined with ':'.
std::string list_item(const Json& item) {
    if (!item.is_object())
        return part_text(item);
    std::string parts;
    for (auto part = item.begin(); part != item.end(); ++part)
        parts += (part == item.begin() ? "" : ":") + part_text(*part);
    return parts;
}

std::string csv_cell(const Json& value) {
    if (value.is_null())
        return "";
    if (value.is_string())
        return value.get<std::string>();
    if (!value.is_array())
        return value.dump();
    std::string cell;
    for (auto item = value.begin(); item != value.end(); ++item)
        cell += (item == value.begin() ? "" : "|") + list_item(*item);
    return cell;
}

// A cell a spreadsheet would take for a formula (OWASP's CSV injection: =, +, -, @, tab,
// CR first) gets a ' in front, which spreadsheets show as text.
std::string defuse_formula(std::string cell) {
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
        cell.insert(cell.begin(), '\'');
    return cell;
}

// RFC 4180: a cell holding a comma, a double quote or a line break is quoted, its
// quotes doubled.
std::string csv_quote(const std::string& cell) {
    if (cell.find_first_of(",\"\r\n") == std::string::npos)
        return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

std::string csv_row(const std::vector<std::string>& cells) {
    std::string row;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0)
            row += ',';
        row += csv_quote(cells[i]);
    }
    return row + "\r\n";
}

// CSV keeps `uai:name` in the schools column and gives the parts their own column.
Json split_school_names(Json object) {
    auto schools = object.find("schools");
    if (schools == object.end())
        return object;
    Json names = Json::array();
    for (auto& school : *schools) {
        names.push_back(Json{{"uai", school["uai"]},
                             {"type", school["type"]},
                             {"label", school["label"]},
                             {"town", school["town"]}});
        school = Json{{"uai", school["uai"]}, {"name", school["name"]}};
    }
    object["school_names"] = std::move(names);
    return object;
}

std::string render_csv(const Json& line, const FeedFields& fields) {
    auto object = split_school_names(line);
    std::vector<std::string> cells;
    for (auto column : csv_columns(fields)) {
        auto found = object.find(column);
        cells.push_back(found == object.end() ? std::string() : defuse_formula(csv_cell(*found)));
    }
    return csv_row(cells);
}

} // namespace

std::string_view feed_format_name(FeedFormat format) {
    switch (format) {
    case FeedFormat::Csv:
        return "csv";
    case FeedFormat::Aaf:
        return "aaf";
    case FeedFormat::Be1d:
        return "be1d";
    case FeedFormat::Ldif:
        return "ldif";
    case FeedFormat::JsonLines:
        break;
    }
    return "jsonl";
}

bool is_set_format(FeedFormat format) {
    return format == FeedFormat::Aaf || format == FeedFormat::Be1d;
}

std::optional<FeedFormat> feed_format_from_name(std::string_view name) {
    if (name == "jsonl")
        return FeedFormat::JsonLines;
    if (name == "csv")
        return FeedFormat::Csv;
    if (name == "ldif")
        return FeedFormat::Ldif;
    if (name == "aaf")
        return FeedFormat::Aaf;
    if (name == "be1d")
        return FeedFormat::Be1d;
    return std::nullopt;
}

std::string feed_header(FeedFormat format, const FeedFields& fields) {
    if (format != FeedFormat::Csv)
        return "";
    auto columns = csv_columns(fields);
    return csv_row(std::vector<std::string>(columns.begin(), columns.end()));
}

Result<std::string> render_feed_line(FeedFormat format, const FeedLine& line,
                                     const FeedFields& fields) {
    if (format == FeedFormat::Ldif)
        return fail(ErrorCode::Internal, "LDIF is rendered per batch (render_ldif_batch)");
    if (auto checked = check_utf8(line); !checked)
        return std::unexpected(checked.error());
    auto object = line_object(line, fields);
    if (format == FeedFormat::Csv)
        return render_csv(object, fields);
    return object.dump() + '\n';
}

} // namespace aafd::sync
