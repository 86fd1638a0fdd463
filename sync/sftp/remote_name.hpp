// Remote file names, for the fetch and the feeds' push: a pure check that a name cannot
// escape the spool or corrupt a listing, the configured name patterns, and paths in a
// remote folder.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace aafd::sync {

// ok, or BadInput with why the name is refused: empty, "." or "..", longer than 255
// bytes, containing '/', "..", or a control character (bytes 0x00-0x1f and 0x7f).
Result<void> check_remote_name(std::string_view name);

// `name` in the remote folder `dir` ("" or ending in '/': no separator added).
std::string remote_path(const std::string& dir, const std::string& name);

// True when `name` matches one of the fnmatch(3) `patterns`.
bool matches_patterns(const std::string& name, const std::vector<std::string>& patterns);

} // namespace aafd::sync
