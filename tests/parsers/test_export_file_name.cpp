// Tests of parsers/export_file_name.cpp: export and archive names as they are delivered.
#include <filesystem>

#include <doctest/doctest.h>

#include "parsers/export_file_name.hpp"
#include "tests/samples.hpp"

namespace aafd {
namespace {

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

} // namespace

TEST_CASE("a sample name gives its prefix, kind, date, category and chunk") {
    const auto name =
        parse_export_file_name("clean-FULL_ENTTSSERVICES_Complet_20130117_PersRelEleve_0039.xml");
    REQUIRE(name);
    CHECK(name->prefix == "clean-FULL_ENTTSSERVICES");
    CHECK(name->kind == SetKind::Full);
    CHECK(name->date == ymd(2013, 1, 17));
    CHECK(name->category == Category::Relative);
    CHECK(name->chunk == 39);
    CHECK_FALSE(name->flow);
}

TEST_CASE("PersRelEleve is never read as Eleve, nor PersEducNat as anything else") {
    CHECK(parse_export_file_name("ENT_Complet_20200101_PersRelEleve_0000.xml")->category ==
          Category::Relative);
    CHECK(parse_export_file_name("ENT_Complet_20200101_Eleve_0000.xml")->category ==
          Category::Pupil);
    CHECK(parse_export_file_name("ENT_Complet_20200101_PersEducNat_0000.xml")->category ==
          Category::Staff);
    CHECK(parse_export_file_name("ENT_Complet_20200101_MatiereEducNat_0000.xml")->category ==
          Category::Subject);
    CHECK(parse_export_file_name("ENT_Complet_20200101_MefEducNat_0000.xml")->category ==
          Category::Mef);
    CHECK(parse_export_file_name("ENT_Complet_20200101_EtabEducNat_0000.xml")->category ==
          Category::Structure);
}

TEST_CASE("prefixes with underscores and dashes") {
    const auto school = parse_export_file_name("ENT_0061594A_Delta_20240917_Eleve_0002.xml");
    REQUIRE(school);
    CHECK(school->prefix == "ENT_0061594A");
    CHECK(school->kind == SetKind::Delta);
    CHECK(school->date == ymd(2024, 9, 17));
    CHECK(school->chunk == 2);
    CHECK_FALSE(school->flow); // ENT_ alone says nothing

    const auto flow2 =
        parse_export_file_name("ENT2DVA-ENT16_Complet_20240916_PersEducNat_0000.xml");
    REQUIRE(flow2);
    CHECK(flow2->prefix == "ENT2DVA-ENT16");
    CHECK(flow2->flow == Flow::Second);

    const auto flow1 = parse_export_file_name("clean-ENT1DVA_Complet_20240916_Eleve_0012.xml");
    REQUIRE(flow1);
    CHECK(flow1->flow == Flow::First);
    CHECK(flow1->chunk == 12);
}

TEST_CASE("the extension's case does not matter") {
    const auto upper = parse_export_file_name("ENT_Complet_20200101_Eleve_0000.XML");
    REQUIRE(upper);
    CHECK(upper->category == Category::Pupil);
    CHECK(parse_export_file_name("ENT_Complet_20200101_Eleve_0000.Xml"));
}

TEST_CASE("names that are not export file names") {
    for (const char* name : {
             "ENT_Complet_20200101_Eleve_0000.txt",  // not XML
             "ENT_Complet_20200101_Eleve_0000",      // no extension
             "ENT_Complet_20200101_Eleves_0000.xml", // unknown category
             "ENT_Complet_20201301_Eleve_0000.xml",  // month 13
             "ENT_Complet_2020011_Eleve_0000.xml",   // 7-digit date
             "ENT_Full_20200101_Eleve_0000.xml",     // neither Complet nor Delta
             "ENT_Complet_20200101_Eleve_00a0.xml",  // chunk not a number
             "ENT_Complet_20200101_Eleve_.xml",      // no chunk
             "ENT_Complet_20200101_Eleve.xml",       // no chunk at all
             "ficAlimMENESR.dtd",
             ".xml",
         }) {
        CAPTURE(name);
        CHECK_FALSE(parse_export_file_name(name));
    }
}

AAFD_SAMPLES_TEST_CASE("every sample's name parses, with the category of its records") {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(test::sample(""))) {
        if (entry.path().extension() != ".xml")
            continue;
        ++files;
        const std::string base = entry.path().filename().string();
        CAPTURE(base);
        const auto name = parse_export_file_name(base);
        REQUIRE(name);
        CHECK(name->kind == SetKind::Full);
        CHECK(base.find("_" + std::string(file_token(name->category)) + "_") != std::string::npos);
    }
    CHECK(files == 51);
}

TEST_CASE("archive names") {
    const auto delta = parse_archive_name("ENT1DVA.20240917_Delta.tar.gz");
    CHECK(delta.flow == Flow::First);
    CHECK(delta.kind == SetKind::Delta);
    CHECK(delta.date == ymd(2024, 9, 17));

    const auto full = parse_archive_name("ENT2DVA.20240915.tgz");
    CHECK(full.flow == Flow::Second);
    CHECK(full.kind == SetKind::Full);
    CHECK(full.date == ymd(2024, 9, 15));

    const auto zip = parse_archive_name("ENT2DVA.20240915120000-DELTA.ZIP");
    CHECK(zip.flow == Flow::Second);
    CHECK(zip.kind == SetKind::Delta);
    CHECK(zip.date == ymd(2024, 9, 15));

    const auto undated = parse_archive_name("export.zip");
    CHECK_FALSE(undated.flow);
    CHECK(undated.kind == SetKind::Full);
    CHECK_FALSE(undated.date);

    const auto not_archive = parse_archive_name("ENT1DVA.20240917_Delta.xml");
    CHECK_FALSE(not_archive.flow);
    CHECK_FALSE(not_archive.kind);
    CHECK_FALSE(not_archive.date);
}

TEST_CASE("the flow a name announces") {
    CHECK(flow_from_file_name("ENT1DVA.20240917.tgz") == Flow::First);
    CHECK(flow_from_file_name("ENT2DVA-ENT16_Complet_20240916_EtabEducNat_0000.xml") ==
          Flow::Second);
    CHECK(flow_from_file_name("clean-ENT2DVA_Complet_20240916_Eleve_0000.xml") == Flow::Second);
    CHECK(flow_from_file_name("ent1dva.20240917.zip") == Flow::First);
    CHECK_FALSE(flow_from_file_name("ENT_0061594A_Complet_20240916_Eleve_0000.xml"));
    CHECK_FALSE(flow_from_file_name("FULL_ENTTSSERVICES_Complet_20130117_Eleve_0001.xml"));
    CHECK_FALSE(flow_from_file_name("CLIENT2D_Complet_20240916_Eleve_0000.xml")); // mid-word
    CHECK_FALSE(flow_from_file_name("ENT3DVA.tgz"));
    CHECK_FALSE(flow_from_file_name("ENT"));
}

} // namespace aafd
