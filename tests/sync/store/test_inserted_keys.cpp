// Specification of InsertedKeys (sync/store/inserted_keys.hpp): every id added gives back its
// rowid, an id never added gives 0 or a rowid whose row holds another id, also when
// every id has the same hash.
#include <string>

#include <doctest/doctest.h>

#include "sync/store/inserted_keys.hpp"

using aafd::sync::InsertedKeys;

TEST_CASE("an empty set of keys holds nothing") {
    InsertedKeys keys;
    CHECK(keys.candidate("2000000") == 0);
    CHECK(keys.candidate("") == 0);
}

TEST_CASE("every id added gives its rowid back, others give 0") {
    InsertedKeys keys;
    const int added = 200000;
    for (int i = 0; i < added; ++i)
        keys.add(std::to_string(2 * i), i + 1);
    int wrong = 0;
    int found_absent = 0;
    for (int i = 0; i < added; ++i) {
        wrong += keys.candidate(std::to_string(2 * i)) == i + 1 ? 0 : 1;
        found_absent += keys.candidate(std::to_string(2 * i + 1)) == 0 ? 0 : 1;
    }
    CHECK(wrong == 0);
    CHECK(found_absent == 0); // a 64-bit collision among 400,000 ids: about 1e-8
}

TEST_CASE("ids whose hashes collide are all kept") {
    InsertedKeys keys([](std::string_view) { return std::uint64_t{42}; });
    keys.add("1000001", 1);
    keys.add("1000002", 2);
    keys.add("1000003", 3);
    CHECK(keys.candidate("1000001") == 1);
    CHECK(keys.candidate("1000002") == 2);
    CHECK(keys.candidate("1000003") == 3);
    // Never added: the candidate is the first id's row, which the caller finds to hold
    // another id.
    CHECK(keys.candidate("1000004") == 1);
}
