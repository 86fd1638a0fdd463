// Writing a provider's BE1D set: per 1D school, its pupils, teachers and relatives read
// through the AccountStore port, one CSV row each.
#include "sync/feed/be1d_set.hpp"

#include <algorithm>
#include <map>

#include "sync/feed/batch_file.hpp"
#include "sync/feed/latin1_text.hpp"
#include "sync/feed/provider_scope.hpp"
#include "util/file.hpp"

namespace aafd::sync {
namespace {

namespace fs = std::filesystem;

using Row = std::vector<std::string>;

constexpr std::size_t k_pupil_columns = 20; // Be1dValidator: "missing.columns" below

// ONDE's column titles; feeder skips this row.
const Row k_pupil_header{"Nom patronymique",
                         "Nom d'usage",
                         "Prénom",
                         "Date naissance",
                         "Sexe",
                         "Adresse",
                         "CP",
                         "Commune",
                         "Pays",
                         "",
                         "",
                         "",
                         "",
                         "Secteur",
                         "Niveau",
                         "Classe",
                         "",
                         "",
                         "",
                         ""};
const Row k_teacher_header{
    "Civilité", "Nom d'usage", "Nom de famille", "Prénom",        "Adresse", "CP",     "Commune",
    "Pays",     "Email",       "Tél. domicile",  "Tél. portable", "",        "Classes"};
const Row k_relative_header{"Civilité",
                            "Nom d'usage",
                            "Nom de famille",
                            "Prénom",
                            "Adresse",
                            "CP",
                            "Commune",
                            "Pays",
                            "Email",
                            "Tél. domicile",
                            "Tél. travail",
                            "Tél. portable",
                            "Nom d'usage élève",
                            "Nom élève",
                            "Prénom élève",
                            "Classe élève"};

std::string first_of(const Attributes& attributes, std::initializer_list<std::string_view> names) {
    for (auto name : names)
        if (auto value = first_value(attributes, name); !value.empty())
            return std::string(value);
    return "";
}

// An opencsv cell: quoted when it holds the separator, a quote or a line break.
std::string cell(const std::string& text) {
    if (text.find_first_of(";\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

void append_row(std::string& out, const Row& row) {
    for (std::size_t i = 0; i < row.size(); ++i)
        out += (i ? ";" : "") + cell(row[i]);
    out += "\r\n";
}

struct Names {
    std::string title, usage, family, first, gender;
};

Names names_of(const StoredObject& object, const FeedFields& fields) {
    if (!fields.contains(FeedField::Names))
        return {};
    const auto& a = object.attributes;
    auto title = first_of(a, {"ENTPersonCivilite", "personalTitle"});
    auto gender = title == "M" || title == "M." ? "M" : title.empty() ? "" : "F";
    return {title, first_of(a, {"ENTPersonNom", "sn"}),
            first_of(a, {"ENTPersonNomPatro", "ENTPersonNom", "sn"}),
            first_of(a, {"ENTPersonPrenom", "givenName"}), gender};
}

// The labels of the object's classes in `school`.
std::vector<std::string> classes_in(const StoredObject& object, const SchoolRows& school,
                                    const FeedFields& fields) {
    std::vector<std::string> labels;
    if (!fields.contains(FeedField::Classes))
        return labels;
    for (const auto& link : object.entity.links) {
        if (link.kind != LinkKind::Class || link.target != school.school.id)
            continue;
        auto label = link.detail;
        for (const auto& own : school.links)
            if (label.empty() && own.kind == LinkKind::Class && own.code == link.code)
                label = own.detail;
        labels.push_back(label.empty() ? link.code : label);
    }
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    return labels;
}

struct SchoolFiles {
    std::string pupils, teachers, relatives;
    std::map<std::string, std::vector<Row>> children; // relative id -> its children's cells
    std::uint64_t rows = 0;
};

void add_pupil(SchoolFiles& files, const StoredObject& pupil, const SchoolRows& school,
               const Be1dSetOptions& options) {
    auto names = names_of(pupil, options.fields);
    auto classes = classes_in(pupil, school, options.fields);
    auto label = classes.empty() ? std::string() : classes.front();
    Row row(k_pupil_columns);
    row[0] = names.family;
    row[1] = names.usage;
    row[2] = names.first;
    if (options.fields.contains(FeedField::BirthDate))
        row[3] = first_of(pupil.attributes, {"ENTPersonDateNaissance"});
    row[4] = names.gender;
    if (options.fields.contains(FeedField::Classes))
        row[14] = first_of(pupil.attributes, {"ENTEleveNiveau"});
    row[15] = label;
    append_row(files.pupils, row);
    ++files.rows;
    if (!options.fields.contains(FeedField::Links))
        return;
    for (const auto& link : pupil.entity.links)
        if (link.kind == LinkKind::Relative &&
            (link.detail == "1" || (link.detail == "2" && options.persons_in_charge)))
            files.children[link.target].push_back({names.usage, names.family, names.first, label});
}

void add_teacher(SchoolFiles& files, const StoredObject& teacher, const SchoolRows& school,
                 const Be1dSetOptions& options) {
    auto names = names_of(teacher, options.fields);
    Row row{names.title, names.usage, names.family, names.first, "", "", "", "", "", "", "", ""};
    for (auto& label : classes_in(teacher, school, options.fields))
        row.push_back(label);
    append_row(files.teachers, row);
    ++files.rows;
}

void add_relative(SchoolFiles& files, const StoredObject& relative, const Be1dSetOptions& options) {
    auto names = names_of(relative, options.fields);
    Row row{names.title, names.usage, names.family, names.first, "", "", "", "", "", "", "", ""};
    for (const auto& child : files.children[relative.key.id])
        row.insert(row.end(), child.begin(), child.end());
    append_row(files.relatives, row);
    ++files.rows;
}

Result<SchoolFiles> school_files(AccountStore& store, const SchoolRows& school,
                                 const Be1dSetOptions& options) {
    SchoolFiles files;
    for (const auto* header : {&k_pupil_header, &k_teacher_header, &k_relative_header})
        append_row(header == &k_pupil_header     ? files.pupils
                   : header == &k_teacher_header ? files.teachers
                                                 : files.relatives,
                   *header);
    if (!options.with_people)
        return files;
    auto attached = school.attached;
    std::sort(attached.begin(), attached.end());
    for (auto category : {Category::Pupil, Category::Staff})
        for (const auto& [rowid, of] : attached) {
            if (of != category)
                continue;
            auto object = existing_object(store, rowid);
            if (!object)
                return std::unexpected(object.error());
            if (object->state != State::Active)
                continue;
            if (category == Category::Pupil)
                add_pupil(files, *object, school, options);
            else
                add_teacher(files, *object, school, options);
        }
    auto relatives = school.relatives;
    std::sort(relatives.begin(), relatives.end());
    for (auto rowid : relatives) {
        auto object = existing_object(store, rowid);
        if (!object)
            return std::unexpected(object.error());
        if (object->state == State::Active)
            add_relative(files, *object, options);
    }
    return files;
}

// name@externalId_UAI, feeder's separators kept out of the name.
std::string school_folder(const StructureRow& school) {
    auto name = school.label;
    std::replace_if(
        name.begin(), name.end(), [](char c) { return c == '_' || c == '@' || c == '/'; }, ' ');
    return name + "@" + school.id + "_" + school.uai;
}

Result<void> write_school(const fs::path& folder, const SchoolFiles& files) {
    if (auto created = create_folders(folder, 0700); !created)
        return std::unexpected(created.error());
    for (const auto& [name, text] : {std::pair{"CSVExtraction-eleves.csv", &files.pupils},
                                     {"CSVExtraction-enseignants.csv", &files.teachers},
                                     {"CSVExtraction-responsables.csv", &files.relatives}})
        if (auto done = write_file_atomically(folder / name, to_latin1(*text), k_batch_file_mode);
            !done)
            return done;
    return {};
}

} // namespace

Result<Be1dSetReport> write_be1d_set(AccountStore& store, const Be1dSetOptions& options,
                                     const fs::path& folder) {
    auto schools = read_school_rows(store, options.schools, options.persons_in_charge);
    if (!schools)
        return std::unexpected(schools.error());
    if (auto created = create_folders(folder, 0700); !created)
        return std::unexpected(created.error());
    Be1dSetReport report;
    for (const auto& school : *schools) {
        auto structure = existing_object(store, school.school.object);
        if (!structure)
            return std::unexpected(structure.error());
        if (structure->key.flow != Flow::First)
            continue;
        auto files = school_files(store, school, options);
        if (!files)
            return std::unexpected(files.error());
        auto written =
            write_school(folder / school.school.source / school_folder(school.school), *files);
        if (!written)
            return std::unexpected(written.error());
        ++report.schools;
        report.rows += files->rows;
    }
    return report;
}

} // namespace aafd::sync
