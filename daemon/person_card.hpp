// The card `aafd show person` prints for people: a person's view (daemon/object_views)
// as labelled lines, each code with its meaning (the category, a relative's link and
// legal role, a function), schools with their parsed names, relatives and children by id
// and name, the account and what each provider received. `--json` prints the view itself.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace aafd::cli {

std::string person_card(const nlohmann::ordered_json& view);

} // namespace aafd::cli
