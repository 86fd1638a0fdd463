// Which remote file names the fetch may take: a pure check that a name cannot
// escape the spool or corrupt a listing, and the configured name patterns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace aafd::sync {

// ok, or BadInput with why the name is refused: empty, "." or "..", longer than 255
// bytes, containing '/', "..", or a control character (bytes 0x00-0x1f and 0x7f).
Result<void> check_remote_name(std::string_view name);

// True when `name` matches one of the fnmatch(3) `patterns`.
bool matches_patterns(const std::string& name, const std::vector<std::string>& patterns);

} // namespace aafd::sync
