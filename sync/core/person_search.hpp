// Finding people by what an operator knows of them (`aafd show person --login | --ine |
// --name`): their account's login, their INE, a part of their name. Answers the objects'
// rowids, which the Store and AccountStore ports read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace aafd::sync {

class PersonSearch {
public:
    virtual ~PersonSearch() = default;
    virtual Result<std::vector<std::int64_t>> by_login(const std::string& login) = 0;
    virtual Result<std::vector<std::int64_t>> by_ine(const std::string& ine) = 0;
    // People whose "first last" or "last first" name, or login, holds `part` (case aside
    // for ASCII letters), by name; at most `limit`.
    virtual Result<std::vector<std::int64_t>> by_name(const std::string& part,
                                                      std::size_t limit) = 0;
};

} // namespace aafd::sync
