// Specification of sync/feed/login.hpp: how names fold into logins (a table of tricky names),
// patterns, length caps, empty and unusable names, and clashes.
#include <set>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "sync/feed/login.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

struct FoldCase {
    std::string name;
    std::string folded;
};

// Names as they come in AAF exports (and some that should not), and their folded form.
const std::vector<FoldCase> k_fold_cases = {
    {"Martin", "martin"},
    {"Éloïse", "eloise"},
    {"D'ALMEIDA-NUÑEZ", "dalmeida-nunez"},
    {"O\u2019Brien", "obrien"}, // typographic apostrophe
    {"N'Diaye", "ndiaye"},
    {"Le Goff", "legoff"},
    {"de La Fontaine", "delafontaine"},
    {"Œdipe", "oedipe"},
    {"ß", "ss"},
    {"Strauß", "strauss"},
    {"Ærø", "aero"},
    {"Łódź", "lodz"},
    {"Þór", "thor"},
    {"Đorđe", "dorde"},
    {"Şükrü", "sukru"},
    {"Nguyễn Thị", "nguyenthi"},
    {"e\u0301mile", "emile"}, // decomposed accent
    {"ǅuro", "dzuro"},
    {"Ｆｕｌｌ", "full"}, // full-width letters
    {"Jean-Pierre", "jean-pierre"},
    {"Jean--Pierre", "jean-pierre"},
    {"Jean - Pierre", "jean-pierre"},
    {"Jean\u2013Pierre", "jean-pierre"}, // en dash
    {"-Anne-", "anne"},
    {"Anne-'", "anne"},
    {"Marie (Claire)", "marieclaire"},
    {"Louis 14", "louis14"},
    {"张伟", "zhangwei"},
    {"Пётр Ильич", "petrilic"},
    {"Νίκος", "nikos"},
    {"김민준", "gimminjun"},
    {"\U0001F600 Zoé", "zoe"}, // emoji dropped
    {"\U0001F600", ""},
    {"", ""},
    {"   ", ""},
    {"\t\n", ""},
    {"!!! ???", ""},
    {"Ren\xE9", "ren"}, // ISO-8859-1 é: not UTF-8, dropped
};

LoginRule rule(std::string_view pattern, std::size_t max_length = 32) {
    auto made = make_login_rule(pattern, max_length);
    REQUIRE_MESSAGE(made.has_value(), (made ? "" : made.error().message));
    return *made;
}

std::string base_of(const LoginRule& login_rule, std::string_view first, std::string_view last) {
    auto base = login_base(login_rule, first, last);
    if (!base) {
        CHECK(base.error().code == ErrorCode::BadInput);
        return "(error) " + base.error().message;
    }
    return *base;
}

const std::string k_no_letter =
    "(error) the names give no usable login (no letter a-z once folded)";

// is_taken over a set of held logins, recording what it was asked.
struct TakenLogins {
    std::set<std::string> held;
    std::vector<std::string> asked;

    LoginTaken checker() {
        return [this](const std::string& login) -> Result<bool> {
            asked.push_back(login);
            return held.contains(login);
        };
    }
};

std::string free_login(std::string_view base, std::size_t max_length, TakenLogins& taken) {
    auto login = first_free_login(base, max_length, taken.checker());
    REQUIRE_MESSAGE(login.has_value(), (login ? "" : login.error().message));
    return *login;
}

} // namespace

TEST_CASE("fold_login_part: a table of tricky names") {
    for (const FoldCase& c : k_fold_cases) {
        CAPTURE(c.name);
        CHECK(fold_login_part(c.name) == c.folded);
    }
}

TEST_CASE("fold_login_part gives the same answers from several threads at once") {
    std::vector<std::vector<std::string>> results(4);
    std::vector<std::thread> threads;
    for (auto& result : results)
        threads.emplace_back([&result] {
            for (int round = 0; round < 20; ++round)
                for (const FoldCase& c : k_fold_cases)
                    result.push_back(fold_login_part(c.name));
        });
    for (std::thread& thread : threads)
        thread.join();
    for (const auto& result : results) {
        REQUIRE(result.size() == 20 * k_fold_cases.size());
        for (std::size_t i = 0; i < result.size(); ++i)
            CHECK(result[i] == k_fold_cases[i % k_fold_cases.size()].folded);
    }
}

TEST_CASE("login_base fills the default pattern {first}.{last}") {
    const LoginRule login_rule = rule(k_default_login_pattern);
    CHECK(base_of(login_rule, "Marie", "Martin") == "marie.martin");
    CHECK(base_of(login_rule, "Éloïse", "D'ALMEIDA-NUÑEZ") == "eloise.dalmeida-nunez");
    CHECK(base_of(login_rule, "Jean", "de La Fontaine") == "jean.delafontaine");
    CHECK(base_of(login_rule, "Jean-Pierre", "Le Goff") == "jean-pierre.legoff");
    CHECK(base_of(login_rule, "伟", "张") == "wei.zhang");
    CHECK(base_of(login_rule, "Louis", "14") == "louis.14");

    SUBCASE("an empty or unusable first name gives the last name alone") {
        CHECK(base_of(login_rule, "", "Martin") == "martin");
        CHECK(base_of(login_rule, "   ", "Martin") == "martin");
        CHECK(base_of(login_rule, "\U0001F600", "Martin") == "martin");
        CHECK(base_of(login_rule, "Marie", "") == "marie");
    }

    SUBCASE("no letter at all is an error, without the names in the message") {
        CHECK(base_of(login_rule, "", "") == k_no_letter);
        CHECK(base_of(login_rule, " ", "\t") == k_no_letter);
        CHECK(base_of(login_rule, "!!!", "'-'") == k_no_letter);
        CHECK(base_of(login_rule, "\U0001F600", "\U0001F60E") == k_no_letter);
        CHECK(base_of(login_rule, "123", "456") == k_no_letter);
    }
}

TEST_CASE("login_base caps the length, never ending on a separator") {
    const LoginRule login_rule = rule(k_default_login_pattern, 32);
    // 31 characters, then the '.' cut at 32.
    CHECK(base_of(login_rule, "Marie-Christine-Alexandrine-Zoé", "Martin") ==
          "marie-christine-alexandrine-zoe");
    // the cut falls just after a hyphen
    CHECK(base_of(login_rule, "Anne", "Dupont-de-la-Tour-d'Auvergne-Lauraguais") ==
          "anne.dupont-de-la-tour-dauvergne");
    CHECK(base_of(login_rule, "Jean", std::string(500, 'x')) == "jean." + std::string(27, 'x'));
    CHECK(base_of(rule("{first}.{last}", 8), "Marie", "Martin") == "marie.ma");
    CHECK(base_of(rule("{first}.{last}", 8), "Martine", "Durand") == "martine");
    CHECK(base_of(rule("{first}.{last}", 64), std::string(40, 'a'), std::string(40, 'b')) ==
          std::string(40, 'a') + "." + std::string(23, 'b'));
}

TEST_CASE("login_base fills other patterns") {
    CHECK(base_of(rule("{first_initial}{last}"), "Éloïse", "Martin") == "emartin");
    CHECK(base_of(rule("{first_initial}{last}"), "", "Martin") == "martin");
    CHECK(base_of(rule("{last}.{first}"), "", "Martin") == "martin");
    CHECK(base_of(rule("{last}_{first_initial}"), "Zoé", "Martin") == "martin_z");
    CHECK(base_of(rule("{first}-{last}"), "Marie", "Martin") == "marie-martin");
    CHECK(base_of(rule("ent.{first}.{last}"), "", "Martin") == "ent.martin");
    CHECK(base_of(rule("{first}..{last}"), "Marie", "Martin") == "marie.martin");
}

TEST_CASE("make_login_rule checks the pattern and the length") {
    auto bad_pattern = make_login_rule("{prenom}.{nom}", 32);
    REQUIRE_FALSE(bad_pattern.has_value());
    CHECK(bad_pattern.error().code == ErrorCode::Config);
    CHECK(bad_pattern.error().message == "login pattern '{prenom}.{nom}' has an unknown "
                                         "placeholder {prenom} (expected {first}, {last} or "
                                         "{first_initial})");
    for (std::size_t length : {std::size_t{0}, std::size_t{7}, std::size_t{65}}) {
        auto bad_length = make_login_rule("{first}.{last}", length);
        REQUIRE_FALSE(bad_length.has_value());
        CHECK(bad_length.error().message ==
              "login max length " + std::to_string(length) + " is outside 8-64");
    }
    CHECK(rule("{first}.{last}", 8).max_length == 8);
    CHECK(rule("{first}.{last}", 64).max_length == 64);
}

TEST_CASE("fallback_login_base: user and the digits of the AAF id") {
    CHECK(fallback_login_base("1234567", 32) == "user1234567");
    CHECK(fallback_login_base("poitiers:ab12cd34", 32) == "user1234");
    CHECK(fallback_login_base("abc", 32) == "user");
    CHECK(fallback_login_base("", 32) == "user");
    CHECK(fallback_login_base("123456789", 8) == "user1234");
}

TEST_CASE("first_free_login: the next free number on a clash") {
    TakenLogins taken;
    CHECK(free_login("marie.martin", 32, taken) == "marie.martin");
    CHECK(taken.asked == std::vector<std::string>{"marie.martin"});

    taken = {{"marie.martin"}, {}};
    CHECK(free_login("marie.martin", 32, taken) == "marie.martin2");

    taken = {{"marie.martin", "marie.martin2", "marie.martin3"}, {}};
    CHECK(free_login("marie.martin", 32, taken) == "marie.martin4");
    CHECK(taken.asked == std::vector<std::string>{"marie.martin", "marie.martin2", "marie.martin3",
                                                  "marie.martin4"});

    SUBCASE("a number never pushes the login past the cap") {
        taken = {{"marie.martin"}, {}};
        CHECK(free_login("marie.martin", 12, taken) == "marie.marti2");
        for (int n = 2; n <= 9; ++n)
            taken.held.insert("marie.marti" + std::to_string(n));
        CHECK(free_login("marie.martin", 12, taken) == "marie.mart10");
    }

    SUBCASE("the cut base does not end on a separator") {
        taken = {{"abcdefghij.k"}, {}};
        CHECK(free_login("abcdefghij.k", 12, taken) == "abcdefghij2");
    }

    SUBCASE("a base ending with digits") {
        taken = {{"louis.14"}, {}};
        CHECK(free_login("louis.14", 32, taken) == "louis.142");
    }
}

TEST_CASE("first_free_login passes on the store's errors and gives up when all is taken") {
    auto failing = [](const std::string&) -> Result<bool> {
        return fail(ErrorCode::Io, "store.db: disk I/O error");
    };
    auto failed = first_free_login("marie.martin", 32, failing);
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().code == ErrorCode::Io);
    CHECK(failed.error().message == "store.db: disk I/O error");

    std::size_t calls = 0;
    auto everything_taken = [&calls](const std::string&) -> Result<bool> {
        ++calls;
        return true;
    };
    auto none = first_free_login("marie.martin", 32, everything_taken);
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().code == ErrorCode::Internal);
    CHECK(none.error().message ==
          "no free login: the base and every number from 2 to 999999 are taken");
    CHECK(calls == 999999);
}

TEST_CASE("a fallback base takes numbers like any other") {
    TakenLogins taken{{"user1234"}, {}};
    CHECK(free_login(fallback_login_base("1234", 32), 32, taken) == "user12342");
}
