// Small 2D full sets the command-line tests import, written by the tests themselves
// (tests/sync/export_writer.hpp), so that they run on a clone of the repository alone: a
// collège with its staff, and a pupil whose references point outside the set.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tests/sync/export_writer.hpp"

namespace aafd::test {

// A staff member of structure 43, a teacher (ENTPersonCategorieEnseignant O).
inline TestRecord college_staff(const std::string& id, const std::string& name) {
    return {id,
            {{"sn", {name}},
             {"givenName", {"Prénom " + name}},
             {"ENTPersonStructRattach", {"43"}},
             {"ENTPersonFonctions",
              {"43$DIR$DIRECTION$D0011$CHEF D'ETABLISSEMENT ADJOINT",
               "43$AEH$ACCOMPAGNEMENT$D0021$ACCOMPAGNEMENT ELEVES SITUATION HANDICAP"}},
             {"ENTPersonCategorieEnseignant", {"O"}}}};
}

// <folder>: the set 2D Complet 2024-09-16 of structure 43 (UAI 0123456A) with staff
// 314159 and 314160, then `more_staff`.
inline std::filesystem::path write_college_set(const std::filesystem::path& folder,
                                               const std::vector<TestRecord>& more_staff = {}) {
    write_export(folder, "ENT2DVA-ENT16", "Complet", "20240916", Category::Structure,
                 {{"43",
                   {{"ENTStructureUAI", {"0123456A"}},
                    {"ENTStructureNomCourant", {"CLG$CLG INTEGRATION$PARIS"}}}}});
    std::vector<TestRecord> staff{college_staff("314159", "AAAA"), college_staff("314160", "BBBB")};
    staff.insert(staff.end(), more_staff.begin(), more_staff.end());
    write_export(folder, "ENT2DVA-ENT16", "Complet", "20240916", Category::Staff, staff);
    return folder;
}

// Pupil 2000000, attached to structure 1000 and in class 3000$1AQUA, which are not in the
// set, with relatives 2000000 and 3000000, which are not either.
inline TestRecord dangling_pupil() {
    return {"2000000",
            {{"ENTEleveINE", {"100000000AA"}},
             {"ENTPersonDateNaissance", {"01/01/2000"}},
             {"sn", {"NOM"}},
             {"givenName", {"Prenom"}},
             {"ENTElevePersRelEleve", {"2000000$10$1$1$1$1", "3000000$20$0$1$0$0"}},
             {"ENTEleveRegime", {"INTERNE 5 JOURS"}},
             {"ENTPersonStructRattach", {"1000"}},
             {"ENTEleveClasses", {"3000$1AQUA"}}}};
}

// <folder>: the set 2D Complet 2020-01-01 of structure 1 (UAI 0000000V) and
// dangling_pupil(), its file of pupils numbered `pupil_chunk`.
inline std::filesystem::path write_pupil_set(const std::filesystem::path& folder,
                                             const std::string& pupil_chunk = "0000") {
    write_export(folder, "ENT2DVA-ENT16", "Complet", "20200101", Category::Structure,
                 {{"1", {{"ENTStructureUAI", {"0000000V"}}}}});
    write_export(folder, "ENT2DVA-ENT16", "Complet", "20200101", Category::Pupil,
                 {dangling_pupil()}, pupil_chunk);
    return folder;
}

} // namespace aafd::test
