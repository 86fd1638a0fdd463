// Tests of parsers/export_reader.cpp: every sample (skipped without them, see
// tests/samples.hpp), then texts built for one property each (encodings, entities, line
// ends, multi-valued attributes, blocks, limits, broken files), with exact errors.
#include <filesystem>
#include <map>

#include <doctest/doctest.h>

#include "parsers/export_file_name.hpp"
#include "tests/parsers/reader_test_support.hpp"
#include "util/sha256.hpp"

namespace aafd {

using test::pupil;
using test::read_sample;
using test::read_text;
using test::wrap;

namespace {

constexpr std::string_view k_aix = "aix-marseille-2013/";

std::vector<std::string> sample_files(const std::string& folder = "") {
    std::vector<std::string> files;
    const auto root = test::sample("");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(test::sample(folder)))
        if (entry.path().extension() == ".xml")
            files.push_back(std::filesystem::relative(entry.path(), root).string());
    std::ranges::sort(files);
    return files;
}

std::size_t occurrences(std::string_view text, std::string_view word) {
    std::size_t count = 0;
    for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1))
        ++count;
    return count;
}

using Strings = std::vector<std::string>;

// A pupil whose givenName is `name`, for the encoding tests.
std::string named_pupil(const std::string& id, const std::string& name) {
    return pupil(id, "<attr name=\"givenName\"><value>" + name + "</value></attr>\n");
}

std::string declared(const std::string& encoding) {
    return "<?xml version=\"1.0\" encoding=\"" + encoding + "\"?>\n";
}

// 50 pupils with varied values, some multi-line and with references, for the block tests.
std::string many_pupils(const std::string& line_end = "\n") {
    std::string records;
    for (int i = 1; i <= 50; ++i)
        records +=
            pupil(std::to_string(i), "<attr name=\"givenName\"><value>Prénom " + std::to_string(i) +
                                         " &eacute;&amp;&#233;</value></attr>\n"
                                         "<attr name=\"ENTEleveClasses\"><value>1$A" +
                                         std::to_string(i) +
                                         "</value><value/><value>2\nlignes</value></attr>\n");
    std::string text = wrap(records);
    if (line_end != "\n") {
        std::string converted;
        for (char c : text)
            converted += c == '\n' ? line_end : std::string(1, c);
        text = converted;
    }
    return text;
}

// Counts the bytes a source hands out.
class CountingSource : public ByteSource {
public:
    explicit CountingSource(ByteSource& inner) : m_inner(inner) {}
    Result<std::size_t> read(std::span<char> buffer) override {
        auto got = m_inner.read(buffer);
        if (got)
            bytes += *got;
        return got;
    }
    std::size_t bytes = 0;

private:
    ByteSource& m_inner;
};

// A file whose second record does not end: its attributes go on for 64 MiB, then the
// file stops (so a reader without a bound fails the test instead of hanging).
class EndlessSource : public ByteSource {
public:
    Result<std::size_t> read(std::span<char> buffer) override {
        if (bytes >= k_size)
            return 0;
        while (m_pending.size() < buffer.size())
            m_pending += "<attr name=\"x\"><value>y</value></attr>\n";
        std::copy_n(m_pending.data(), buffer.size(), buffer.data());
        m_pending.erase(0, buffer.size());
        bytes += buffer.size();
        return buffer.size();
    }
    static constexpr std::uint64_t k_size = 64u << 20;
    std::uint64_t bytes = 0;

private:
    std::string m_pending = "<ficAlimMENESR>\n" + pupil("1") + "<addRequest>\n";
};

// Keeps every block it receives, moving it out of the reader's hands.
class KeepingSink : public RecordSink {
public:
    Result<void> on_metadata(const FileMetadata&) override { return {}; }
    Result<void> on_block(RecordBlock& block) override {
        kept.push_back(std::move(block));
        return {};
    }
    std::vector<RecordBlock> kept;
};

// Refuses the second block.
class StoppingSink : public test::CollectingSink {
public:
    Result<void> on_block(RecordBlock& block) override {
        if (!blocks.empty())
            return fail(ErrorCode::Guard, "stop here");
        return CollectingSink::on_block(block);
    }
};

} // namespace

AAFD_SAMPLES_TEST_CASE(
    "every sample reads without error: all records, bytes, digest, metadata once") {
    const auto files = sample_files();
    REQUIRE(files.size() == 51);
    for (const std::string& file : files) {
        CAPTURE(file);
        const auto outcome = read_sample(file);
        REQUIRE(outcome.error() == "<no error>");
        const std::string bytes = test::read_file(test::sample(file));
        const std::size_t expected = occurrences(bytes, "<addRequest");
        CHECK(outcome.summary->records == expected);
        CHECK(outcome.sink.records.size() == expected);
        CHECK(outcome.summary->bytes == bytes.size());
        CHECK(outcome.summary->sha256 == sha256_hex(bytes));
        CHECK(outcome.sink.metadata_calls == 1);
        CHECK(outcome.sink.metadata_before_blocks);
        const auto name = parse_export_file_name(std::filesystem::path(file).filename().string());
        REQUIRE(name);
        std::uint64_t previous_line = 0;
        for (const auto& record : outcome.sink.records) {
            CHECK(record.category == name->category);
            CHECK(record.operation == Operation::Add);
            CHECK(record.line > previous_line);
            previous_line = record.line;
            for (const auto& attribute : record.attributes)
                for (const auto& value : attribute.values)
                    CHECK(value.find('\r') == std::string::npos);
        }
    }
}

AAFD_SAMPLES_TEST_CASE("aix-marseille 2013: records per category and chunks") {
    std::map<Category, std::size_t> records;
    std::map<Category, std::size_t> chunks;
    for (const std::string& file : sample_files(std::string(k_aix))) {
        const auto outcome = read_sample(file);
        REQUIRE(outcome.error() == "<no error>");
        const auto name = parse_export_file_name(std::filesystem::path(file).filename().string());
        records[name->category] += outcome.summary->records;
        ++chunks[name->category];
    }
    CHECK(records[Category::Structure] == 10);
    CHECK(records[Category::Subject] == 718);
    CHECK(records[Category::Mef] == 2504);
    CHECK(records[Category::Pupil] == 642);
    CHECK(records[Category::Staff] == 701);
    CHECK(chunks[Category::Staff] == 2);
    CHECK(records[Category::Relative] == 9975);
    CHECK(chunks[Category::Relative] == 40);
}

AAFD_SAMPLES_TEST_CASE(
    "aix-marseille 2013: pupils, with their accents and multi-valued attributes") {
    const auto outcome =
        read_sample(std::string(k_aix) + "FULL_ENTTSSERVICES_Complet_20130117_Eleve_0001.xml");
    REQUIRE(outcome.error() == "<no error>");
    CHECK(outcome.sink.metadata.declared_encoding.empty()); // no XML declaration
    CHECK(outcome.sink.metadata.comments ==
          std::map<std::string, std::string>{{"versionAF", "AAF-VE1301"}});
    const auto& first = outcome.sink.records.front();
    CHECK(first.id == "2605692");
    CHECK(first.line == 5);
    CHECK(first.category == Category::Pupil);
    CHECK(first.attributes.size() == 30);
    CHECK(first.value("givenName") == "Kù");
    CHECK(first.value("sn") == "Long");
    CHECK(first.values("ENTPersonAutresPrenoms") == Strings{"Jetsmao", "Xzuzcosvo", "Pykewi"});
    CHECK(first.values("ENTElevePersRelEleve") ==
          Strings{"2867253$2$1$1$0$0", "2867254$1$0$2$0$0"});
    CHECK(first.values("ENTElevePersRelEleve1") == Strings{""});
    CHECK(first.values("ENTEleveCodeEnseignements").size() == 8);
    CHECK(outcome.sink.records.back().id == "2972000");
    CHECK(outcome.sink.records.back().line == 23722);
}

AAFD_SAMPLES_TEST_CASE("aix-marseille 2013: CRLF files, numeric references, no declaration") {
    const auto subjects = read_sample(
        std::string(k_aix) + "FULL_ENTTSSERVICES_Complet_20130117_MatiereEducNat_0000.xml");
    REQUIRE(subjects.error() == "<no error>");
    CHECK(subjects.sink.metadata.declared_encoding == "UTF-8");
    CHECK(subjects.record("009800").line == 6);
    CHECK(subjects.record("009800").value("ENTLibelleMatiere") ==
          "ACCCOMPAGN.EDUCATIF- AIDE DEVOIRS LECONS");
    CHECK(subjects.record("020900").line == 4128);
    CHECK(subjects.record("020900").value("ENTLibelleMatiere") == "LITTÉRATURE & SOCIETE");
    CHECK(subjects.record("033111").line == 6459);

    const auto mefs =
        read_sample(std::string(k_aix) + "FULL_ENTTSSERVICES_Complet_20130117_MefEducNat_0000.xml");
    REQUIRE(mefs.error() == "<no error>");
    CHECK(mefs.record("24722105320").line == 2008);
    CHECK(mefs.record("24722105320").value("ENTLibelleMef") == "1ERPRO BOULANGER-PÂTISSIER");
    CHECK(mefs.record("2001000H11A").line == 27539);

    const auto relatives = read_sample(
        std::string(k_aix) + "clean-FULL_ENTTSSERVICES_Complet_20130117_PersRelEleve_0000.xml");
    REQUIRE(relatives.error() == "<no error>");
    REQUIRE(relatives.sink.records.size() == 8);
    CHECK(relatives.sink.records.front().id == "1986923");
    CHECK(relatives.sink.records.front().line == 4);
    CHECK(relatives.sink.records.front().value("givenName") == "Mélodie");
    CHECK(relatives.sink.records.front().values("ENTPersonDateNaissance") == Strings{""});
    CHECK(relatives.sink.records.back().id == "2003407");
    CHECK(relatives.sink.records.back().line == 130);

    const auto structures = read_sample(std::string(k_aix) +
                                        "FULL_ENTTSSERVICES_Complet_20130117_EtabEducNat_0000.xml");
    REQUIRE(structures.error() == "<no error>");
    CHECK(structures.sink.records.front().id == "52000");
    CHECK(structures.sink.records.front().value("ENTStructureUAI") == "1004001V");
    CHECK(structures.sink.records.front().attributes.size() == 19);
    CHECK(structures.sink.records.back().id == "52009");
    CHECK(structures.sink.records.back().line == 240);
}

AAFD_SAMPLES_TEST_CASE("synthetic 2020: the ISO-8859-15 structure and the pupil") {
    const auto structure = read_sample("synthetic-2020/ENT_Complet_20200101_EtabEducNat_0000.xml");
    REQUIRE(structure.error() == "<no error>");
    CHECK(structure.sink.metadata.declared_encoding == "ISO-8859-15");
    CHECK(structure.sink.metadata.comments.empty());
    REQUIRE(structure.sink.records.size() == 1);
    const auto& school = structure.sink.records[0];
    CHECK(school.id == "1");
    CHECK(school.line == 4);
    CHECK(school.category == Category::Structure);
    CHECK(school.value("ENTStructureUAI") == "0000000V");
    CHECK(school.value("ENTStructureNomCourant") == "NOM$STRUCTURE$COURANT");
    CHECK(school.value("ENTEtablissementMinistereTutelle") == "MINISTERE DE L'EDUCATION NATIONALE");
    CHECK(school.values("postOfficeBox") == Strings{""});
    CHECK(school.values("ENTEtablissementStructRattachFctl") == Strings{""});
    CHECK(school.value("ENTServAcAcademie") == "LILLE");
    CHECK(school.attributes.size() == 20);

    const auto pupils = read_sample("synthetic-2020/ENT_Complet_20200101_Eleve_0000.xml");
    REQUIRE(pupils.error() == "<no error>");
    const auto& pupil2020 = pupils.record("2000000");
    CHECK(pupil2020.value("ENTEleveINE") == "100000000AA");
    CHECK(pupil2020.values("ENTPersonAutresPrenoms") == Strings{"Prenom", "NOM"});
    CHECK(pupil2020.values("ENTElevePersRelEleve") ==
          Strings{"2000000$10$1$1$1$1", "3000000$20$0$1$0$0"});
    CHECK(pupil2020.value("ENTPersonAdresse") == "1 rue de Test$$$");
    CHECK(pupil2020.value("ENTEleveDateEntreeClasses") == "3000$18/08/2020$1AQUA");
    CHECK(pupil2020.values("ENTEleveDateSortieClasses") == Strings{""});
}

AAFD_SAMPLES_TEST_CASE("synthetic 2024: the header comments and the staff of both days") {
    const auto structure =
        read_sample("synthetic-2024/day1/ENT2DVA-ENT16_Complet_20240916_EtabEducNat_0000.xml");
    REQUIRE(structure.error() == "<no error>");
    CHECK(structure.sink.metadata.comments ==
          std::map<std::string, std::string>{{"versionAF", "AAF-VE2407"},
                                             {"versionSDET", "Annexe 4bis version 6.4"},
                                             {"codeAcademieExport", "13"},
                                             {"degre", "2D"},
                                             {"dateGenerationExport", "16/09/2024"}});
    CHECK(structure.sink.records[0].id == "43");
    CHECK(structure.sink.records[0].line == 10);

    const auto day1 =
        read_sample("synthetic-2024/day1/ENT2DVA-ENT16_Complet_20240916_PersEducNat_0000.xml");
    REQUIRE(day1.error() == "<no error>");
    CHECK(day1.summary->metadata.comments.at("degre") == "2D");
    CHECK(day1.summary->metadata.comments.at("versionAF") == "AAF-VE2407");
    REQUIRE(day1.sink.records.size() == 2);
    const auto& staff = day1.record("314159");
    CHECK(staff.value("givenName") == "Prénom AAAA");
    CHECK(staff.values("ENTPersonFonctions") ==
          Strings{"43$DIR$DIRECTION$D0011$CHEF D'ETABLISSEMENT ADJOINT",
                  "43$AEH$ACCOMPAGNEMENT$D0021$ACCOMPAGNEMENT ELEVES SITUATION HANDICAP"});
    CHECK(staff.values("ENTAuxEnsCategoDiscipline") ==
          Strings{"00$NON SPECIALISE", "01$PHILOSOPHIE"});
    CHECK(staff.attributes.size() == 21);
    CHECK(day1.record("314160").value("givenName") == "Prénom BBBB");

    const auto day2 =
        read_sample("synthetic-2024/day2/ENT2DVA-ENT16_Complet_20240916_PersEducNat_0000.xml");
    REQUIRE(day2.error() == "<no error>");
    REQUIRE(day2.sink.records.size() == 3);
    CHECK(day2.sink.records[2].value("givenName") == "Prénom CCCC");
}

AAFD_SAMPLES_TEST_CASE(
    "a sample cut into tiny blocks or read a byte at a time gives the same records") {
    const std::string mef_file =
        std::string(k_aix) + "FULL_ENTTSSERVICES_Complet_20130117_MefEducNat_0000.xml";
    const auto whole = read_sample(mef_file, {.block_size = 8u << 20});
    REQUIRE(whole.error() == "<no error>");
    CHECK(whole.sink.blocks.size() == 1);
    const auto single = read_sample(mef_file, {.block_size = 1});
    REQUIRE(single.error() == "<no error>");
    CHECK(single.sink.blocks == std::vector<std::size_t>(2504, 1));
    CHECK(single.sink.records == whole.sink.records);
    const auto sized = read_sample(mef_file, {.block_size = 64 << 10});
    REQUIRE(sized.error() == "<no error>");
    CHECK(sized.sink.blocks.size() == 19);
    CHECK(sized.sink.records == whole.sink.records);

    for (const std::string& file :
         {std::string(k_aix) + "clean-FULL_ENTTSSERVICES_Complet_20130117_PersRelEleve_0005.xml",
          std::string("synthetic-2024/day2/ENT2DVA-ENT16_Complet_20240916_PersEducNat_0000.xml")}) {
        CAPTURE(file);
        const auto reference = read_sample(file);
        test::PieceSource bytewise(test::read_file(test::sample(file)), 1);
        const auto pieces = test::read_source(bytewise, file, {.block_size = 1000});
        REQUIRE(pieces.error() == "<no error>");
        CHECK(pieces.sink.records == reference.sink.records);
        CHECK(pieces.summary->sha256 == reference.summary->sha256);
    }
}

AAFD_SAMPLES_TEST_CASE(
    "probing reads the metadata and the first record's attribute names, and little") {
    auto file = open_file_source(
        test::sample("synthetic-2024/day1/ENT2DVA-ENT16_Complet_20240916_PersEducNat_0000.xml"));
    REQUIRE(file);
    const auto probe = probe_export(**file, "staff.xml");
    REQUIRE(probe);
    CHECK(probe->metadata.comments.at("degre") == "2D");
    CHECK(probe->metadata.declared_encoding == "UTF-8");
    REQUIRE(probe->first_record_attributes.size() == 21);
    CHECK(probe->first_record_attributes.front() == "ENTPersonJointure");
    CHECK(probe->first_record_attributes[4] == "givenName");
    CHECK(probe->first_record_attributes.back() == "PersEducNatPresenceDevantEleves");

    auto big = open_file_source(
        test::sample(std::string(k_aix) + "FULL_ENTTSSERVICES_Complet_20130117_Eleve_0001.xml"));
    REQUIRE(big);
    CountingSource counted(**big);
    const auto pupils = probe_export(counted, "pupils.xml");
    REQUIRE(pupils);
    CHECK(pupils->first_record_attributes.size() == 30);
    CHECK(pupils->first_record_attributes[1] == "ENTEleveStructRattachId");
    CHECK(counted.bytes <= 32u << 10); // of 1.7 MB
}

TEST_CASE("probing a long first record reads on until it ends") {
    std::string attributes;
    for (int i = 0; i < 3000; ++i)
        attributes += "<attr name=\"a" + std::to_string(i) + "\"><value>v</value></attr>\n";
    const auto source = make_string_source(wrap(pupil("1", attributes) + pupil("2")));
    const auto probe = probe_export(*source, "long.xml");
    REQUIRE(probe);
    CHECK(probe->first_record_attributes.size() == 3001);
    CHECK(probe->first_record_attributes.back() == "a2999");
}

TEST_CASE("probing a file without records, and a broken one") {
    const auto empty =
        make_string_source("<ficAlimMENESR>\n<!-- degre=\"1D\" -->\n</ficAlimMENESR>");
    const auto probe = probe_export(*empty, "empty.xml");
    REQUIRE(probe);
    CHECK(probe->metadata.comments.at("degre") == "1D");
    CHECK(probe->first_record_attributes.empty());
    const auto broken = make_string_source("<html/>");
    CHECK(probe_export(*broken, "broken.xml").error().message ==
          "broken.xml:1: not an AAF export: the root element is <html>, not <ficAlimMENESR>");
}

TEST_CASE("ISO-8859-1 bytes are transcoded, lines stay right") {
    const auto outcome = read_text(
        wrap(named_pupil("1", "M\xE9lodie \xC7\xE0 \xEF") + named_pupil("2", "Fran\xE7ois"),
             declared("ISO-8859-1")));
    REQUIRE(outcome.error() == "<no error>");
    CHECK(outcome.sink.metadata.declared_encoding == "ISO-8859-1");
    CHECK(outcome.sink.records[0].value("givenName") == "Mélodie Çà ï");
    CHECK(outcome.sink.records[1].value("givenName") == "François");
    CHECK(outcome.sink.records[1].line == 11);
}

TEST_CASE("ISO-8859-15 has the euro sign and œ where ISO-8859-1 has ¤ and ½") {
    const std::string record = named_pupil("1", "\xA4 C\xBDur \xA6\xE9");
    CHECK(read_text(wrap(record, declared("ISO-8859-15"))).sink.records[0].value("givenName") ==
          "€ Cœur Šé");
    CHECK(read_text(wrap(record, declared("ISO-8859-1"))).sink.records[0].value("givenName") ==
          "¤ C½ur ¦é");
    CHECK(read_text(wrap(named_pupil("1", "\x80 l\x92\xE9t\xE9"), declared("windows-1252")))
              .sink.records[0]
              .value("givenName") == "€ l’été");
}

TEST_CASE("multi-valued attributes keep their values in order, accents and empty ones too") {
    const std::string utf8 = "<attr name=\"ENTPersonAutresPrenoms\"><value>Éloïse</value><value/>"
                             "<value>Maëlle Noël</value><value>Lebœuf</value></attr>\n";
    const std::string latin9 = "<attr name=\"ENTPersonAutresPrenoms\"><value>\xC9lo\xEFse</value>"
                               "<value/><value>Ma\xEBlle No\xEBl</value><value>Leb\xBDuf</value>"
                               "</attr>\n";
    for (const auto& [values, prolog] :
         {std::pair{utf8, declared("UTF-8")}, std::pair{latin9, declared("ISO-8859-15")}}) {
        CAPTURE(prolog);
        const auto outcome = read_text(wrap(pupil("1", values), prolog));
        REQUIRE(outcome.error() == "<no error>");
        CHECK(outcome.sink.records[0].values("ENTPersonAutresPrenoms") ==
              Strings{"Éloïse", "", "Maëlle Noël", "Lebœuf"});
    }
}

TEST_CASE("numeric character references, in every encoding") {
    const std::string record = named_pupil("1", "&#233;&#xE9;&#8364;&#x20AC;&#38;&#60;");
    for (const std::string& prolog :
         {std::string(), declared("UTF-8"), declared("ISO-8859-1"), declared("ISO-8859-15")}) {
        CAPTURE(prolog);
        const auto outcome = read_text(wrap(record, prolog));
        REQUIRE(outcome.error() == "<no error>");
        CHECK(outcome.sink.records[0].value("givenName") == "éé€€&<");
    }
}

TEST_CASE("UTF-8 with a byte order mark, and without a declaration") {
    const auto bom = read_text(wrap(named_pupil("1", "Léa"), "\xEF\xBB\xBF" + declared("UTF-8")));
    REQUIRE(bom.error() == "<no error>");
    CHECK(bom.sink.records[0].value("givenName") == "Léa");
    CHECK(bom.sink.records[0].line == 3);
    const auto bare = read_text(wrap(named_pupil("1", "Zoë"), ""));
    REQUIRE(bare.error() == "<no error>");
    CHECK(bare.sink.records[0].value("givenName") == "Zoë");
    CHECK(bare.sink.records[0].line == 2);
}

TEST_CASE("HTML named entities are decoded") {
    const auto outcome = read_text(
        wrap(named_pupil("1", "&Eacute;lo&iuml;se&nbsp;&Ccedil;a &euro; &amp; &apos;&oelig;") +
             pupil("2", "<attr name=\"pr&eacute;nom\"><value>x</value></attr>\n")));
    REQUIRE(outcome.error() == "<no error>");
    CHECK(outcome.sink.records[0].value("givenName") == "Éloïse\u00A0Ça € & 'œ");
    CHECK(outcome.sink.records[1].value("prénom") == "x");
    CHECK(outcome.sink.records[1].line == 11);
}

TEST_CASE("an entity neither XML nor HTML defines is refused") {
    CHECK(read_text(wrap(pupil("1") + named_pupil("2", "a &foo; b"))).error() ==
          "test.xml:15: undefined entity &foo;");
    CHECK(read_text(wrap(named_pupil("2", "&ECIRC;"))).error() ==
          "test.xml:8: undefined entity &ECIRC;");
    const auto commented = read_text(wrap("<!-- &foo; -->\n" + named_pupil("2", "ok")));
    CHECK(commented.error() == "<no error>");
}

TEST_CASE("CRLF and lone CR line ends: values lose the CR, lines are counted right") {
    for (const std::string line_end : {"\r\n", "\r"}) {
        CAPTURE(line_end.size());
        const auto outcome = read_text(many_pupils(line_end));
        REQUIRE(outcome.error() == "<no error>");
        REQUIRE(outcome.sink.records.size() == 50);
        const auto& last = outcome.sink.records.back();
        CHECK(last.line == 3 + 49 * 10);
        CHECK(last.values("ENTEleveClasses") == Strings{"1$A50", "", "2\nlignes"});
        CHECK(last.value("givenName") == "Prénom 50 é&é");
    }
}

TEST_CASE("however the text is cut into blocks and read, the records are the same") {
    const std::string text = many_pupils();
    const auto reference = read_text(text);
    REQUIRE(reference.error() == "<no error>");
    REQUIRE(reference.sink.records.size() == 50);
    CHECK(reference.sink.blocks.size() == 1);
    CHECK(reference.sink.records[49].line == 3 + 49 * 10);
    for (std::size_t block_size : {std::size_t{1}, std::size_t{50}, std::size_t{300},
                                   std::size_t{1000}, std::size_t{8} << 20}) {
        for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
            CAPTURE(block_size);
            CAPTURE(piece);
            test::PieceSource source(text, piece);
            const auto outcome = test::read_source(source, "test.xml", {.block_size = block_size});
            REQUIRE(outcome.error() == "<no error>");
            CHECK(outcome.sink.records == reference.sink.records);
            CHECK(outcome.summary->records == 50);
            if (block_size == 1)
                CHECK(outcome.sink.blocks == std::vector<std::size_t>(50, 1));
        }
    }
}

TEST_CASE("blocks kept by the sink stay valid after the read") {
    KeepingSink sink;
    const auto source = make_string_source(many_pupils());
    const auto summary = read_export(*source, "test.xml", sink, {.block_size = 1});
    REQUIRE(summary);
    REQUIRE(sink.kept.size() == 50);
    for (std::size_t i = 0; i < sink.kept.size(); ++i) {
        REQUIRE(sink.kept[i].records().size() == 1);
        const Record& record = sink.kept[i].records()[0];
        CHECK(record.id == std::to_string(i + 1));
        CHECK(record.attributes[1].values[0] == "Prénom " + std::to_string(i + 1) + " é&é");
    }
}

TEST_CASE("malformed XML is located by line and column in the original file") {
    const std::string bad_close = "<attr name=\"sn\"><value>x</valeu></attr>\n";
    CHECK(read_text(wrap(pupil("1") + pupil("2", bad_close))).error() ==
          "test.xml:15:27: malformed XML: Start-end tags mismatch");
    // Columns count characters of the original text, before entities are rewritten ...
    const std::string after_entity = "<attr name=\"sn\"><value>&eacute;t&eacute;</valeu></attr>\n";
    CHECK(read_text(wrap(pupil("2", after_entity))).error() ==
          "test.xml:8:43: malformed XML: Start-end tags mismatch");
    // ... and bytes of an ISO-8859-1 file, before they are transcoded.
    const std::string latin1 = "<attr name=\"sn\"><value>\xE9t\xE9</valeu></attr>\n";
    CHECK(read_text(wrap(pupil("2", latin1), declared("ISO-8859-1"))).error() ==
          "test.xml:8:29: malformed XML: Start-end tags mismatch");
    std::string crlf = wrap(pupil("1") + pupil("2", bad_close));
    std::string converted;
    for (char c : crlf)
        converted += c == '\n' ? std::string("\r\n") : std::string(1, c);
    CHECK(read_text(converted, {.block_size = 1}).error() ==
          "test.xml:15:27: malformed XML: Start-end tags mismatch");
    CHECK(read_text(wrap(pupil("1", "<attr name=\"sn\" <value/></attr>\n"))).error() ==
          "test.xml:8:17: malformed XML: Error parsing start element tag");
}

TEST_CASE("a truncated file is refused") {
    const std::string head = "<?xml version=\"1.0\"?>\n<ficAlimMENESR>\n";
    CHECK(read_text(head + pupil("1")).error() ==
          "test.xml:10: truncated file: no closing </ficAlimMENESR>");
    CHECK(read_text(head + pupil("1") + pupil("2").substr(0, 60)).error() ==
          "test.xml:10: truncated file: <addRequest> not closed");
    CHECK(read_text(head + pupil("1") + pupil("2").substr(0, 60), {.block_size = 1}).error() ==
          "test.xml:10: truncated file: <addRequest> not closed");
    CHECK(read_text(head + pupil("1") + "<!-- the end").error() ==
          "test.xml:10: truncated file: comment not closed");
    CHECK(read_text(head + pupil("1") + "oops\n</ficAlimMENESR>\n").error() ==
          "test.xml:10: truncated file: text after the last record");
    CHECK(read_text(head + "<!-- degre=\"2D\" -->\n").error() ==
          "test.xml:4: truncated file: no closing </ficAlimMENESR>");
    CHECK(read_text("").error() == "test.xml:1: truncated file: no <ficAlimMENESR> element");
    CHECK(read_text("<?xml version=\"1.0\"?>\n<ficAlim").error() ==
          "test.xml:2: truncated file: <ficAlimMENESR> tag not closed");
}

TEST_CASE("nothing but comments may follow the root element") {
    CHECK(read_text(wrap(pupil("1")) + "<!-- end --> <?done?>\n").error() == "<no error>");
    CHECK(read_text(wrap(pupil("1")) + "<addRequest>\n").error() ==
          "test.xml:11:1: malformed XML: text after </ficAlimMENESR>");
    CHECK(read_text("<ficAlimMENESR/>\ntext").error() ==
          "test.xml:2:1: malformed XML: text after <ficAlimMENESR/>");
    CHECK(read_text(wrap(pupil("1")) + "</ficAlimMENESR>").error() ==
          "test.xml:11:1: malformed XML: text after </ficAlimMENESR>");
}

TEST_CASE("a root element closed in the middle of the records is malformed") {
    CHECK(read_text(wrap(pupil("1") + "</ficAlimMENESR>\n" + pupil("2"))).error() ==
          "test.xml:10:3: malformed XML: Start-end tags mismatch");
}

TEST_CASE("a file without records is fine and still delivers its metadata") {
    for (const std::string& text :
         {std::string("<?xml version=\"1.0\"?>\n<ficAlimMENESR>\n<!-- degre=\"1D\" -->\n"
                      "</ficAlimMENESR>\n"),
          std::string("<!-- degre=\"1D\" -->\n<ficAlimMENESR/>"),
          std::string("<ficAlimMENESR><!-- degre=\"1D\" --></ficAlimMENESR >")}) {
        CAPTURE(text);
        const auto outcome = read_text(text);
        REQUIRE(outcome.error() == "<no error>");
        CHECK(outcome.summary->records == 0);
        CHECK(outcome.sink.metadata_calls == 1);
        CHECK(outcome.sink.blocks.empty());
        CHECK(outcome.sink.metadata.comments.at("degre") == "1D");
    }
}

TEST_CASE("unknown elements after the last record are read like the others") {
    // pugixml stops at the last character of the segment before </ficAlimMENESR>.
    const auto outcome = read_text(wrap(pupil("1") + "<unknown/>\n" + pupil("2").substr(0, 12)));
    CHECK(outcome.error() == "test.xml:11:12: malformed XML: Start-end tags mismatch");
    const auto fine = read_text(wrap(pupil("1") + "<unknown><x/></unknown>\n"));
    CHECK(fine.error() == "<no error>");
    CHECK(fine.summary->records == 1);
}

TEST_CASE("a DOCTYPE with an internal subset is refused before any entity is used") {
    const std::string laughs = "<?xml version=\"1.0\"?>\n"
                               "<!DOCTYPE ficAlimMENESR [\n"
                               "<!ENTITY lol \"lol\">\n"
                               "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                               "]>\n<ficAlimMENESR>\n" +
                               named_pupil("1", "&lol2;") + "</ficAlimMENESR>\n";
    CHECK(read_text(laughs).error() ==
          "test.xml:2: DOCTYPE with an internal subset is not accepted");
    const std::string external =
        "<!DOCTYPE ficAlimMENESR SYSTEM \"http://example.invalid/x.dtd\">\n";
    CHECK(read_text(wrap(pupil("1"), external)).error() == "<no error>");
}

TEST_CASE("invalid UTF-8 is located") {
    CHECK(read_text(wrap(pupil("1") + named_pupil("2", "Fran\xE7ois"))).error() ==
          "test.xml:15: invalid UTF-8 (byte 0xE7)");
    CHECK(read_text(wrap(named_pupil("2", "x\xC3"), declared("UTF-8"))).error() ==
          "test.xml:8: invalid UTF-8 (byte 0xC3)");
    CHECK(read_text("<ficAlimMENESR>\n</ficAlimMENESR>\n\xC3").error() ==
          "test.xml:3: invalid UTF-8 (the file ends inside a character)");
    test::PieceSource bytewise(wrap(pupil("1") + named_pupil("2", "Fran\xE7ois")), 1);
    CHECK(test::read_source(bytewise, "test.xml").error() ==
          "test.xml:15: invalid UTF-8 (byte 0xE7)");
}

TEST_CASE("a NUL byte is refused, in any encoding") {
    const std::string record = named_pupil("2", std::string("a\0b", 3));
    CHECK(read_text(wrap(pupil("1") + record)).error() == "test.xml:15: NUL byte in the text");
    CHECK(read_text(wrap(pupil("1") + record, declared("ISO-8859-1"))).error() ==
          "test.xml:15: NUL byte in the text");
}

TEST_CASE("what cannot be an AAF file") {
    CHECK(read_text(std::string("\xFF\xFE<\0?\0x\0", 8)).error() ==
          "test.xml:1: UTF-16 text is not supported (save the file as UTF-8 or ISO-8859-1)");
    CHECK(read_text(wrap(pupil("1"), declared("KOI8-R"))).error() ==
          "test.xml:1: unknown encoding \"KOI8-R\" (aafd reads UTF-8, ISO-8859-1, ISO-8859-15 "
          "and windows-1252)");
    CHECK(read_text("<?xml version=\"1.0\"?>\n<html><body/></html>").error() ==
          "test.xml:2: not an AAF export: the root element is <html>, not <ficAlimMENESR>");
}

TEST_CASE("a header longer than max_record_size is refused") {
    const std::string text = "<ficAlimMENESR>\n<!-- " + std::string(5000, 'x') + " -->\n" +
                             pupil("1") + "</ficAlimMENESR>";
    test::PieceSource source(text, 100);
    CHECK(
        test::read_source(source, "test.xml",
                          {.block_size = test::k_read_options.block_size, .max_record_size = 1000})
            .error() == "test.xml:2: more than 1000 bytes before the first record");
    CHECK(read_text(text).error() == "<no error>");
}

TEST_CASE("a record that never ends is refused once it passes max_record_size") {
    EndlessSource source;
    const auto outcome =
        test::read_source(source, "endless.xml", {.block_size = 4096, .max_record_size = 1 << 20});
    CHECK(outcome.error() == "endless.xml:9: record larger than 1048576 bytes (max_record_size)");
    CHECK(source.bytes < (2u << 20)); // bounded: the reader did not read on for ever
}

TEST_CASE("the summary counts the bytes read and hashes them") {
    const std::string text = wrap(pupil("1") + pupil("2"), "\xEF\xBB\xBF");
    const auto outcome = read_text(text);
    REQUIRE(outcome.error() == "<no error>");
    CHECK(outcome.summary->records == 2);
    CHECK(outcome.summary->bytes == text.size());
    CHECK(outcome.summary->sha256 == sha256_hex(text));
}

TEST_CASE("the sink's error stops the read and is returned as it is") {
    StoppingSink sink;
    const auto source = make_string_source(many_pupils());
    const auto summary = read_export(*source, "test.xml", sink, {.block_size = 1});
    REQUIRE_FALSE(summary);
    CHECK(summary.error().code == ErrorCode::Guard);
    CHECK(summary.error().message == "stop here");
    CHECK(sink.blocks.size() == 1);
}

TEST_CASE("the source's error is returned as it is") {
    test::FailingSource source(wrap(pupil("1")).substr(0, 100));
    test::CollectingSink sink;
    const auto summary = read_export(source, "broken.xml", sink, test::k_read_options);
    REQUIRE_FALSE(summary);
    CHECK(summary.error().code == ErrorCode::Io);
    CHECK(summary.error().message == "cannot read broken.xml: Input/output error");
}

} // namespace aafd
