// Specification of `aafd report perimeter` (daemon/report_command.cpp) on the demo
// académie. The expected counts were computed from the fixture's XML, not from aafd:
// the pupils whose ENTPersonStructRattach is the school (20003, 20012, 20028) and their
// distinct classes (ENTPersonClasses in 1D, ENTEleveClasses in 2D).
#include <doctest/doctest.h>

#include "tests/daemon/feed_cli_fixture.hpp"

using namespace aafd;
using test::FeedCli;

TEST_CASE("report perimeter: each school of the convention, its classes and pupils") {
    FeedCli f;
    f.import_demo();
    auto text = f.run({"report", "perimeter", "ecoles"});
    INFO(text.err);
    REQUIRE(text.status == 0);
    CHECK(text.out ==
          "0860101T  E.E.PU ALIÉNOR D'AQUITAINE (VOUNEUIL-SOUS-BIARD)  classes 4  pupils 95\n"
          "0860102U  E.E.PU FRANÇOISE DOLTO (CHAUVIGNY)  classes 3  pupils 70\n"
          "2 schools, 7 classes, 165 pupils\n");
    auto csv = f.run({"report", "perimeter", "college", "--csv"});
    REQUIRE(csv.status == 0);
    CHECK(csv.out == "uai,type,name,town,classes,pupils\r\n"
                     "0860105X,CLG,CLG CAMILLE GUÉRIN,BUXEROLLES,4,56\r\n");
    auto records = f.records("report.perimeter");
    REQUIRE(records.size() == 2);
    CHECK(records[0].object == "ecoles");
    CHECK(records[0].detail("schools") == "2");
}

TEST_CASE("report perimeter: a school not in the store, an unknown provider") {
    FeedCli f;
    f.providers.push_back({"autre", {"0869999Z", test::k_college}});
    f.import_demo();
    auto run = f.run({"report", "perimeter", "autre", "--csv"});
    REQUIRE(run.status == 0);
    CHECK(run.out == "uai,type,name,town,classes,pupils\r\n"
                     "0869999Z,,,,0,0\r\n"
                     "0860105X,CLG,CLG CAMILLE GUÉRIN,BUXEROLLES,4,56\r\n");
    auto text = f.run({"report", "perimeter", "autre"});
    CHECK(text.out.starts_with("0869999Z  (not in the store)  classes 0  pupils 0\n"));
    auto unknown = f.run({"report", "perimeter", "nope"});
    CHECK(unknown.status == 1);
    CHECK(unknown.err == "aafd: no [[provider]] named nope (configured: ecoles, college, autre)\n");
}
