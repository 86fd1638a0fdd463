// Resolving the actor of audit records from the process's identity.
#include "sync/audit/actor.hpp"

#include <cstdlib>
#include <fstream>
#include <pwd.h>
#include <unistd.h>
#include <vector>

namespace aafd::sync {
namespace {

std::string name_of(const ActorInputs& inputs, std::uint32_t uid) {
    auto it = inputs.names.find(uid);
    if (it != inputs.names.end() && !it->second.empty())
        return it->second;
    return "uid:" + std::to_string(uid);
}

std::optional<std::uint32_t> read_loginuid() {
    std::ifstream in("/proc/self/loginuid");
    unsigned long value = 0;
    if (!(in >> value) || value > k_unset_loginuid)
        return std::nullopt;
    return static_cast<std::uint32_t>(value);
}

std::optional<std::string> user_name(std::uint32_t uid) {
    passwd entry{};
    passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
        return std::nullopt;
    return std::string(found->pw_name);
}

} // namespace

std::string resolve_actor(const ActorInputs& inputs) {
    if (inputs.loginuid && *inputs.loginuid != k_unset_loginuid)
        return name_of(inputs, *inputs.loginuid);
    if (!inputs.sudo_user.empty())
        return inputs.sudo_user;
    return name_of(inputs, inputs.uid);
}

std::string process_actor() {
    ActorInputs inputs;
    inputs.loginuid = read_loginuid();
    if (const char* sudo_user = std::getenv("SUDO_USER"))
        inputs.sudo_user = sudo_user;
    inputs.uid = getuid();
    for (auto uid : {inputs.loginuid.value_or(k_unset_loginuid), inputs.uid})
        if (auto name = user_name(uid))
            inputs.names[uid] = *name;
    return resolve_actor(inputs);
}

std::string scheduler_actor(std::uint64_t cycle_id) {
    return "scheduler:cycle-" + std::to_string(cycle_id);
}

} // namespace aafd::sync
