// The `be1d` feed format: for each primary school (1D) of a provider, the three CSV files
// of the ONDE extraction that Edifice's feeder imports as "BE1D" (edificeio/entcore,
// feeder/src/main/java/org/entcore/feeder/be1d/Be1dFeeder.java and Be1dValidator.java,
// read in December 2026):
//   <source>/<school name>@<structure id>_<UAI>/CSVExtraction-eleves.csv
//                                              /CSVExtraction-enseignants.csv
//                                              /CSVExtraction-responsables.csv
// The folder name is split by feeder on its separator ('_' by default) and '@': name,
// externalId (here the AAF's ENTStructureJointure, as the `aaf` format sends it), UAI; so
// '_', '@' and '/' in the school's name become spaces. Files: ';'-separated, ISO-8859-1
// (feeder's charset; written with ICU, characters outside Latin-1 transliterated, then '?'),
// one header row (feeder skips it), CRLF. Columns, as feeder's headers name them:
//   eleves: lastName (family name); surname (usage name); firstName; birthDate (dd/MM/yyyy);
//     gender; address; zipCode; city; country; 4 skipped; sector; level; classes; then empty
//     cells up to 20 columns (Be1dValidator refuses a pupil row of fewer).
//   enseignants: title; surname; lastName; firstName; address; zipCode; city; country;
//     email; homePhone; mobile; 1 skipped; then one class name a column.
//   responsables: title; surname; lastName; firstName; address; zipCode; city; country;
//     email; homePhone; workPhone; mobile; then 4 columns per child: the child's usage
//     name, family name, first name and class, which feeder hashes with the school's id
//     exactly as it hashes the pupil's own row to link them.
// No id column: that is the first-import layout (feeder expects an externalId first column
// only for a school it already holds, from files it generated itself). Only the field
// groups' data is filled: names (names), birth date (birth_date), classes (classes),
// children (links); addresses, mails and phones are never sent (left empty).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sync/core/account_store.hpp"
#include "sync/feed/format.hpp"

namespace aafd::sync {

struct Be1dSetOptions {
    std::vector<std::string> schools; // the provider's UAIs
    FeedFields fields;
    bool persons_in_charge = false;
    bool with_people = true; // false: the convention's final set, empty files
};

struct Be1dSetReport {
    std::uint64_t schools = 0; // 1D schools written
    std::uint64_t rows = 0;
};

// Writes the set into `folder` (created). 2D schools are skipped.
Result<Be1dSetReport> write_be1d_set(AccountStore& store, const Be1dSetOptions& options,
                                     const std::filesystem::path& folder);

} // namespace aafd::sync
