// Specification of how feed lines are written (sync/feed/format.hpp, sync/feed/feed_line.hpp):
// the exact JSON Lines and CSV of docs/feed.md.
#include <doctest/doctest.h>

#include "sync/feed/format.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

const FeedFields k_all{FeedField::Login,    FeedField::Names,   FeedField::BirthDate,
                       FeedField::Profiles, FeedField::Schools, FeedField::Classes,
                       FeedField::Links};
// The example convention of issue 5: everything but birth dates.
const FeedFields k_no_birth_date{FeedField::Login,   FeedField::Names,   FeedField::Profiles,
                                 FeedField::Schools, FeedField::Classes, FeedField::Links};

FeedAccount pupil() {
    FeedAccount account;
    account.id = "1234";
    account.category = "Eleve";
    account.flow = "2D";
    account.source = "nice";
    account.login = "eloise.dalmeida-nunez";
    account.activation_code = "K7PX9M2Q";
    account.last_name = "D'ALMEIDA-NUÑEZ";
    account.first_name = "Éloïse";
    account.birth_date = "2011-03-14";
    account.profiles = {"National_ELV"};
    account.schools = {{"0061594A", "Collège Les Vallergues"}};
    account.classes = {{"0061594A", "class", "3A", "3e A"},
                       {"0061594A", "group", "3A-LAT", "Latin"}};
    account.links = {{"relative", "5678", "jean.dalmeida"}, {"relative", "5679", ""}};
    return account;
}

FeedLine line_of(std::int64_t seq, FeedOp op, std::string reason, FeedAccount account) {
    return FeedLine{seq, op, std::move(reason), std::move(account)};
}

std::string rendered(FeedFormat format, const FeedLine& line, const FeedFields& fields) {
    auto text = render_feed_line(format, line, fields);
    REQUIRE(text);
    return *text;
}

std::string json(const FeedLine& line, const FeedFields& fields = k_all) {
    return rendered(FeedFormat::JsonLines, line, fields);
}

std::string csv(const FeedLine& line, const FeedFields& fields = k_all) {
    return rendered(FeedFormat::Csv, line, fields);
}

} // namespace

TEST_CASE("ops, field groups and formats have fixed names") {
    CHECK(feed_op_name(FeedOp::Create) == "create");
    CHECK(feed_op_name(FeedOp::Update) == "update");
    CHECK(feed_op_name(FeedOp::Deactivate) == "deactivate");
    CHECK(feed_op_name(FeedOp::Delete) == "delete");
    std::vector<std::string_view> names;
    for (auto field : k_all) {
        names.push_back(feed_field_name(field));
        CHECK(feed_field_from_name(feed_field_name(field)) == field);
    }
    CHECK(names == std::vector<std::string_view>{"login", "names", "birth_date", "profiles",
                                                 "schools", "classes", "links"});
    CHECK_FALSE(feed_field_from_name("birthdate"));
    CHECK_FALSE(feed_field_from_name("Login"));
    CHECK(feed_format_name(FeedFormat::JsonLines) == "jsonl");
    CHECK(feed_format_name(FeedFormat::Csv) == "csv");
    CHECK(feed_format_from_name("jsonl") == FeedFormat::JsonLines);
    CHECK(feed_format_from_name("csv") == FeedFormat::Csv);
    CHECK_FALSE(feed_format_from_name("json"));
    CHECK_FALSE(feed_format_from_name("CSV"));
}

TEST_CASE("a create line carries every allowed group, in a fixed order") {
    auto line = line_of(42, FeedOp::Create, "", pupil());
    CHECK(json(line) ==
          R"({"seq":42,"op":"create","id":"1234","category":"Eleve","flow":"2D","source":"nice",)"
          R"("login":"eloise.dalmeida-nunez","activation_code":"K7PX9M2Q",)"
          R"("last_name":"D'ALMEIDA-NUÑEZ","first_name":"Éloïse","birth_date":"2011-03-14",)"
          R"("profiles":["National_ELV"],)"
          R"("schools":[{"uai":"0061594A","name":"Collège Les Vallergues","type":null,)"
          R"("label":"Collège Les Vallergues","town":null}],)"
          R"("classes":[{"uai":"0061594A","kind":"class","code":"3A","label":"3e A"},)"
          R"({"uai":"0061594A","kind":"group","code":"3A-LAT","label":"Latin"}],)"
          R"("links":[{"kind":"relative","id":"5678","login":"jean.dalmeida"},)"
          R"({"kind":"relative","id":"5679","login":null}]})"
          "\n");
    CHECK(feed_header(FeedFormat::Csv, k_all) == "seq,op,reason,id,category,flow,source,login,"
                                                 "activation_code,last_name,first_name,birth_date,"
                                                 "profiles,schools,classes,links,school_names\r\n");
    CHECK(csv(line) ==
          "42,create,,1234,Eleve,2D,nice,eloise.dalmeida-nunez,K7PX9M2Q,D'ALMEIDA-NUÑEZ,"
          "Éloïse,2011-03-14,National_ELV,0061594A:Collège Les Vallergues,"
          "0061594A:class:3A:3e A|0061594A:group:3A-LAT:Latin,"
          "relative:5678:jean.dalmeida|relative:5679:,0061594A::Collège Les Vallergues:\r\n");
    CHECK(feed_header(FeedFormat::JsonLines, k_all).empty());
}

TEST_CASE("an update carries the whole account, the activation code only after a reset") {
    auto account = pupil();
    account.activation_code.reset();
    account.birth_date.clear();
    account.profiles = {"National_ELV", "National_TUT"};
    account.classes.clear();
    account.links.clear();
    auto line = line_of(43, FeedOp::Update, "", account);
    CHECK(json(line) ==
          R"({"seq":43,"op":"update","id":"1234","category":"Eleve","flow":"2D","source":"nice",)"
          R"("login":"eloise.dalmeida-nunez","last_name":"D'ALMEIDA-NUÑEZ",)"
          R"("first_name":"Éloïse","birth_date":null,)"
          R"("profiles":["National_ELV","National_TUT"],)"
          R"("schools":[{"uai":"0061594A","name":"Collège Les Vallergues","type":null,)"
          R"("label":"Collège Les Vallergues","town":null}],)"
          R"("classes":[],"links":[]})"
          "\n");
    CHECK(csv(line) ==
          "43,update,,1234,Eleve,2D,nice,eloise.dalmeida-nunez,,D'ALMEIDA-NUÑEZ,Éloïse,,"
          "National_ELV|National_TUT,0061594A:Collège Les Vallergues,,,"
          "0061594A::Collège Les Vallergues:\r\n");

    account.activation_code = "R4ND0MXY";
    CHECK(json(line_of(44, FeedOp::Update, "", account), {FeedField::Login}) ==
          R"({"seq":44,"op":"update","id":"1234","category":"Eleve","flow":"2D","source":"nice",)"
          R"("login":"eloise.dalmeida-nunez","activation_code":"R4ND0MXY"})"
          "\n");
}

TEST_CASE("deactivate and delete lines carry the id, category, flow, login and reason only") {
    auto deactivate = line_of(45, FeedOp::Deactivate, "disappeared", pupil());
    CHECK(json(deactivate) ==
          R"({"seq":45,"op":"deactivate","reason":"disappeared","id":"1234","category":"Eleve",)"
          R"("flow":"2D","source":"nice","login":"eloise.dalmeida-nunez"})"
          "\n");
    CHECK(csv(deactivate) ==
          "45,deactivate,disappeared,1234,Eleve,2D,nice,eloise.dalmeida-nunez,,,,,,,,,\r\n");

    auto remove = line_of(46, FeedOp::Delete, "out_of_scope", pupil());
    CHECK(json(remove) ==
          R"({"seq":46,"op":"delete","reason":"out_of_scope","id":"1234","category":"Eleve",)"
          R"("flow":"2D","source":"nice","login":"eloise.dalmeida-nunez"})"
          "\n");
    CHECK(csv(remove) ==
          "46,delete,out_of_scope,1234,Eleve,2D,nice,eloise.dalmeida-nunez,,,,,,,,,\r\n");

    SUBCASE("without the login group, not even the login") {
        FeedFields fields{FeedField::Names, FeedField::Schools};
        CHECK(json(remove, fields) ==
              R"({"seq":46,"op":"delete","reason":"out_of_scope","id":"1234",)"
              R"("category":"Eleve","flow":"2D","source":"nice"})"
              "\n");
        CHECK(
            feed_header(FeedFormat::Csv, fields) ==
            "seq,op,reason,id,category,flow,source,last_name,first_name,schools,school_names\r\n");
        CHECK(csv(remove, fields) == "46,delete,out_of_scope,1234,Eleve,2D,nice,,,,\r\n");
    }
}

TEST_CASE("a provider never receives a group its convention does not list") {
    auto account = pupil();
    for (auto op : {FeedOp::Create, FeedOp::Update, FeedOp::Deactivate, FeedOp::Delete}) {
        CAPTURE(feed_op_name(op));
        auto line = line_of(47, op, op == FeedOp::Delete ? "deleted" : "", account);
        for (auto format : {FeedFormat::JsonLines, FeedFormat::Csv}) {
            auto text =
                feed_header(format, k_no_birth_date) + rendered(format, line, k_no_birth_date);
            CHECK(text.find("birth_date") == std::string::npos);
            CHECK(text.find("2011-03-14") == std::string::npos);
        }
    }
    CHECK(
        feed_header(FeedFormat::Csv, k_no_birth_date) ==
        "seq,op,reason,id,category,flow,source,login,activation_code,last_name,first_name,profiles,"
        "schools,classes,links,school_names\r\n");

    SUBCASE("with no group at all, only what identifies the line") {
        CHECK(
            json(line_of(48, FeedOp::Create, "", account), {}) ==
            R"({"seq":48,"op":"create","id":"1234","category":"Eleve","flow":"2D","source":"nice"})"
            "\n");
        CHECK(feed_header(FeedFormat::Csv, {}) == "seq,op,reason,id,category,flow,source\r\n");
        CHECK(csv(line_of(48, FeedOp::Create, "", account), {}) ==
              "48,create,,1234,Eleve,2D,nice\r\n");
    }
}

TEST_CASE("a school's AAF name is sent whole and split into type, label and town") {
    auto account = pupil();
    account.schools = {{"0860105X", "CLG$CLG CAMILLE GUÉRIN$BUXEROLLES"}};
    FeedFields fields{FeedField::Schools};
    CHECK(json(line_of(53, FeedOp::Create, "", account), fields) ==
          R"({"seq":53,"op":"create","id":"1234","category":"Eleve","flow":"2D","source":"nice",)"
          R"("schools":[{"uai":"0860105X","name":"CLG$CLG CAMILLE GUÉRIN$BUXEROLLES",)"
          R"("type":"CLG","label":"CLG CAMILLE GUÉRIN","town":"BUXEROLLES"}]})"
          "\n");
    CHECK(csv(line_of(53, FeedOp::Create, "", account), fields) ==
          "53,create,,1234,Eleve,2D,nice,0860105X:CLG$CLG CAMILLE GUÉRIN$BUXEROLLES,"
          "0860105X:CLG:CLG CAMILLE GUÉRIN:BUXEROLLES\r\n");
}

TEST_CASE("JSON Lines: quotes, backslashes and line breaks are escaped, non-ASCII kept") {
    auto account = pupil();
    account.last_name = "O\"BRIEN \\ D'ARC";
    account.first_name = "Anne\nMarie";
    account.schools = {{"0061594A", "École \"Les Pins\"\r\n"}};
    FeedFields fields{FeedField::Names, FeedField::Schools};
    CHECK(json(line_of(49, FeedOp::Create, "", account), fields) ==
          R"({"seq":49,"op":"create","id":"1234","category":"Eleve","flow":"2D","source":"nice",)"
          R"("last_name":"O\"BRIEN \\ D'ARC","first_name":"Anne\nMarie",)"
          R"("schools":[{"uai":"0061594A","name":"École \"Les Pins\"\r\n","type":null,)"
          R"("label":"École \"Les Pins\"\r\n","town":null}]})"
          "\n");
}

TEST_CASE("CSV: cells are quoted as RFC 4180 asks, list separators percent-encoded") {
    auto account = pupil();
    account.last_name = "MARTIN, dit \"LE GRAND\"";
    account.first_name = "Zoé\r\nAnne";
    account.profiles = {"National_ELV", "Local|A:B"};
    account.schools = {{"0061594A", "Lycée A|B: annexe à 100%"},
                       {"0060001B", "École des Pins, annexe"}};
    account.classes = {{"0061594A", "group", "G:1", "Latin | \"grec\""}};
    account.links = {{"relative", "56:78", ""}};
    FeedFields fields{FeedField::Names, FeedField::Profiles, FeedField::Schools, FeedField::Classes,
                      FeedField::Links};
    CHECK(csv(line_of(50, FeedOp::Create, "", account), fields) ==
          "50,create,,1234,Eleve,2D,nice,"
          "\"MARTIN, dit \"\"LE GRAND\"\"\","
          "\"Zoé\r\nAnne\","
          "National_ELV|Local%7CA%3AB,"
          "\"0061594A:Lycée A%7CB%3A annexe à 100%25|0060001B:École des Pins, annexe\","
          "\"0061594A:group:G%3A1:Latin %7C \"\"grec\"\"\","
          "relative:56%3A78:,"
          "\"0061594A::Lycée A%7CB%3A annexe à 100%25:|0060001B::École des Pins, annexe:\"\r\n");
}

TEST_CASE("a line with text that is not UTF-8 is refused, naming its seq, id and field") {
    auto account = pupil();
    account.first_name = "\xC9lo\xEFse"; // ISO-8859-1, not transcoded
    for (auto format : {FeedFormat::JsonLines, FeedFormat::Csv}) {
        auto text = render_feed_line(format, line_of(51, FeedOp::Create, "", account), k_all);
        REQUIRE_FALSE(text);
        CHECK(text.error().code == ErrorCode::BadInput);
        CHECK(text.error().message == "feed line seq 51 (id 1234): first_name is not valid UTF-8");
    }
    account = pupil();
    account.classes[1].label = std::string("Lat\0in", 6);
    auto text = render_feed_line(FeedFormat::Csv, line_of(52, FeedOp::Update, "", account), {});
    REQUIRE_FALSE(text);
    CHECK(text.error().message == "feed line seq 52 (id 1234): classes is not valid UTF-8");
}

TEST_CASE("CSV: a cell a spreadsheet would take for a formula starts with ' (L2 of issue 20)") {
    auto account = pupil();
    account.last_name = "=HYPERLINK(\"http://x\")";
    account.first_name = "@SUM(A1)";
    account.login = "+33";
    account.schools = {{"-1", "École"}};
    FeedFields fields{FeedField::Login, FeedField::Names, FeedField::Schools};
    CHECK(csv(line_of(51, FeedOp::Create, "", account), fields) ==
          "51,create,,1234,Eleve,2D,nice,'+33,K7PX9M2Q,\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),"
          "'-1:École,'-1::École:\r\n");
    CHECK(json(line_of(51, FeedOp::Create, "", account), fields).find(R"("last_name":"=HYP)") !=
          std::string::npos); // JSON is not for spreadsheets: unchanged
}
