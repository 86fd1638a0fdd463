// Specification of KeyFilter (sync/key_filter.hpp): never "no" for a key added, rarely
// "maybe" for one that was not, however many keys it holds.
#include <string>

#include <doctest/doctest.h>

#include "sync/key_filter.hpp"

using aafd::sync::KeyFilter;

TEST_CASE("an empty filter holds nothing") {
    KeyFilter filter;
    CHECK_FALSE(filter.may_contain("2000000"));
    CHECK_FALSE(filter.may_contain(""));
}

TEST_CASE("every key added is reported, few others are, as the filter grows") {
    KeyFilter filter;
    const int added = 200000; // several stages
    for (int i = 0; i < added; ++i)
        filter.add(std::to_string(2 * i));
    int missed = 0;
    int false_positives = 0;
    for (int i = 0; i < added; ++i) {
        missed += filter.may_contain(std::to_string(2 * i)) ? 0 : 1;
        false_positives += filter.may_contain(std::to_string(2 * i + 1)) ? 1 : 0;
    }
    CHECK(missed == 0);
    CHECK(false_positives < added / 50); // 2 %; about 1 % expected with every stage asked
}
