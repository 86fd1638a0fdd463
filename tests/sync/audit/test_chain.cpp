// Specification of the audit chain links (sync/audit/chain.hpp).
#include <doctest/doctest.h>

#include "sync/audit/chain.hpp"

using namespace aafd;

TEST_CASE("each record follows the head: seq + 1 and prev = the head's hash") {
    std::string line;
    sync::AuditHead genesis;
    auto first = sync::chain_record(genesis, {"ssh.connect", "sftp.example", "ok", {}}, "alice",
                                    "2025-09-03T14:05:01.123Z", line);
    CHECK(first.seq == 1);
    CHECK(first.prev == sync::k_audit_genesis_hash);
    CHECK(line.ends_with(",\"hash\":\"" + first.hash + "\"}"));
    auto second = sync::chain_record(sync::head_of(first), {"ssh.disconnect", "", "ok", {}},
                                     "alice", "2025-09-03T14:05:02.000Z", line);
    CHECK(second.seq == 2);
    CHECK(second.prev == first.hash);
    CHECK(sync::chain_break(sync::head_of(first), second) == sync::ChainBreak::None);
    CHECK(sync::chain_break(genesis, second) == sync::ChainBreak::Sequence);
    CHECK(sync::chain_break({1, "f00"}, second) == sync::ChainBreak::PrevHash);
}
