// Remote file name checks for the fetch.
#include "sync/sftp/remote_name.hpp"

#include <fnmatch.h>

namespace aafd::sync {
namespace {

constexpr std::size_t k_max_name = 255;

bool is_control(char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
}

} // namespace

Result<void> check_remote_name(std::string_view name) {
    if (name.empty())
        return fail(ErrorCode::BadInput, "empty name");
    if (name == "." || name == "..")
        return fail(ErrorCode::BadInput, "name is '.' or '..'");
    if (name.size() > k_max_name)
        return fail(ErrorCode::BadInput, "name longer than 255 bytes");
    if (name.find('/') != std::string_view::npos)
        return fail(ErrorCode::BadInput, "name contains '/'");
    if (name.find("..") != std::string_view::npos)
        return fail(ErrorCode::BadInput, "name contains '..'");
    for (char c : name)
        if (is_control(c))
            return fail(ErrorCode::BadInput, "name contains a control character");
    return {};
}

bool matches_patterns(const std::string& name, const std::vector<std::string>& patterns) {
    for (const auto& pattern : patterns)
        if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0)
            return true;
    return false;
}

std::string remote_path(const std::string& dir, const std::string& name) {
    if (dir.empty() || dir.back() == '/')
        return dir + name;
    return dir + "/" + name;
}

} // namespace aafd::sync
