// Specification of the audit record's line form (sync/audit/audit_record.hpp).
#include <doctest/doctest.h>

#include "sync/audit/audit_record.hpp"
#include "util/sha256.hpp"

using namespace aafd;
using sync::AuditRecord;

namespace {

AuditRecord sample_record() {
    return {.time = "2025-09-03T14:05:01.123Z",
            .seq = 7,
            .actor = "alice",
            .action = "sftp.read",
            .object = "ENT2D.20250903.Complet.xml",
            .outcome = "ok",
            .details = {{"size", "1024"}, {"sha256", "ab"}},
            .prev = std::string(sync::k_audit_genesis_hash)};
}

} // namespace

TEST_CASE("a sealed record is one canonical JSON line, hash last, over the other bytes") {
    auto record = sample_record();
    std::string line = sync::seal_audit_record(record);
    std::string body =
        R"({"time":"2025-09-03T14:05:01.123Z","seq":7,"actor":"alice",)"
        R"("action":"sftp.read","object":"ENT2D.20250903.Complet.xml",)"
        R"("outcome":"ok","details":{"size":"1024","sha256":"ab"},)"
        R"("prev":"0000000000000000000000000000000000000000000000000000000000000000"})";
    CHECK(record.hash == sha256_hex(body));
    CHECK(line == body.substr(0, body.size() - 1) + ",\"hash\":\"" + record.hash + "\"}");
}

TEST_CASE("parsing a sealed line gives the record back, and its hash matches") {
    auto record = sample_record();
    std::string line = sync::seal_audit_record(record);
    auto parsed = sync::parse_audit_line(line);
    REQUIRE(parsed);
    CHECK(*parsed == record);
    CHECK(parsed->detail("size") == "1024");
    CHECK(parsed->detail("absent").empty());
    CHECK(sync::audit_hash_matches(line, *parsed));
}

TEST_CASE("an edited byte no longer matches the hash") {
    auto record = sample_record();
    std::string line = sync::seal_audit_record(record);
    line[line.find("alice") + 1] = 'L';
    auto parsed = sync::parse_audit_line(line);
    REQUIRE(parsed);
    CHECK_FALSE(sync::audit_hash_matches(line, *parsed));
}

TEST_CASE("lines that are not sealed records are refused with the reason") {
    CHECK(sync::parse_audit_line("{\"time\":").error().message == "not a JSON record");
    CHECK(sync::parse_audit_line("{\"time\":\"x\"}").error().message ==
          "not an audit record (a field is missing or mistyped)");
    auto record = sample_record();
    std::string line = sync::seal_audit_record(record);
    std::string moved = line.substr(0, line.size() - 1) + ",\"extra\":\"x\"}";
    CHECK(sync::parse_audit_line(moved).error().message == "the hash field is not last");
}
