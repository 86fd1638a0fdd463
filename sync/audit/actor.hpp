// Who an audit record names. For a command run by a person: the login uid
// (/proc/self/loginuid, so `sudo -u aafd aafd …` run by alice is alice), else
// SUDO_USER, else the real uid. For the daemon's own work: "scheduler:cycle-N".
// The resolution is a pure function of its inputs; process_actor() gathers them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace aafd::sync {

// /proc/self/loginuid when no login session set it.
inline constexpr std::uint32_t k_unset_loginuid = 4294967295u;

struct ActorInputs {
    std::optional<std::uint32_t> loginuid;      // nullopt: unreadable
    std::string sudo_user;                      // "" when unset
    std::uint32_t uid = 0;                      // the real uid
    std::map<std::uint32_t, std::string> names; // user names of the uids above
};

// The user name, or "uid:N" for a uid without one.
std::string resolve_actor(const ActorInputs& inputs);
// Reads /proc/self/loginuid, SUDO_USER, getuid() and getpwuid_r().
std::string process_actor();
// "scheduler:cycle-42".
std::string scheduler_actor(std::uint64_t cycle_id);

} // namespace aafd::sync
