// Canonical JSON Lines form of audit records (nlohmann ordered_json, fixed field order).
#include "sync/audit/audit_record.hpp"

#include <nlohmann/json.hpp>

#include "util/sha256.hpp"

namespace aafd::sync {
namespace {

constexpr std::string_view k_hash_field = ",\"hash\":\"";
constexpr std::size_t k_hash_size = 64;

std::string canonical_body(const AuditRecord& record) {
    nlohmann::ordered_json details = nlohmann::ordered_json::object();
    for (const auto& [key, value] : record.details)
        details[key] = value;
    nlohmann::ordered_json json{{"time", record.time},     {"seq", record.seq},
                                {"actor", record.actor},   {"action", record.action},
                                {"object", record.object}, {"outcome", record.outcome},
                                {"details", details},      {"prev", record.prev}};
    return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool is_hex_hash(std::string_view text) {
    return text.size() == k_hash_size &&
           text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

Result<AuditRecord> record_from_json(const nlohmann::ordered_json& json) {
    try {
        AuditRecord record;
        record.time = json.at("time").get<std::string>();
        record.seq = json.at("seq").get<std::uint64_t>();
        record.actor = json.at("actor").get<std::string>();
        record.action = json.at("action").get<std::string>();
        record.object = json.at("object").get<std::string>();
        record.outcome = json.at("outcome").get<std::string>();
        for (const auto& [key, value] : json.at("details").items())
            record.details.emplace_back(key, value.get<std::string>());
        record.prev = json.at("prev").get<std::string>();
        record.hash = json.at("hash").get<std::string>();
        return record;
    } catch (const nlohmann::json::exception&) {
        return fail(ErrorCode::BadInput, "not an audit record (a field is missing or mistyped)");
    }
}

} // namespace

std::string AuditRecord::detail(std::string_view key) const {
    for (const auto& [name, value] : details)
        if (name == key)
            return value;
    return "";
}

std::string seal_audit_record(AuditRecord& record) {
    std::string body = canonical_body(record);
    record.hash = sha256_hex(body);
    body.pop_back(); // the closing brace
    return body + std::string(k_hash_field) + record.hash + "\"}";
}

Result<AuditRecord> parse_audit_line(std::string_view line) {
    auto json = nlohmann::ordered_json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return fail(ErrorCode::BadInput, "not a JSON record");
    auto record = record_from_json(json);
    if (!record)
        return record;
    auto at = line.rfind(k_hash_field);
    std::string_view tail = "\"}";
    if (at == std::string_view::npos || !is_hex_hash(record->hash) ||
        line.size() != at + k_hash_field.size() + k_hash_size + tail.size() ||
        !line.ends_with(tail))
        return fail(ErrorCode::BadInput, "the hash field is not last");
    return record;
}

bool audit_hash_matches(std::string_view line, const AuditRecord& record) {
    auto at = line.rfind(k_hash_field);
    if (at == std::string_view::npos)
        return false;
    std::string body(line.substr(0, at));
    body += "}";
    return sha256_hex(body) == record.hash;
}

} // namespace aafd::sync
