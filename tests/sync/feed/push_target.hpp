// The push destination the feed tests give a provider: the SshdFixture's account, host key
// and client key, into its `incoming` folder, created empty.
#pragma once

#include <filesystem>

#include "sync/feed/push.hpp"
#include "tests/sync/sshd_fixture.hpp"

namespace aafd::test {

// The provider's incoming folder on the server, created empty.
inline std::filesystem::path incoming(const SshdFixture& sshd) {
    auto dir = sshd.dir() / "incoming";
    std::filesystem::create_directories(dir);
    return dir;
}

inline sync::PushTarget push_target(const SshdFixture& sshd) {
    sync::PushTarget target;
    target.server = sync::SshTarget{"127.0.0.1",
                                    sshd.port(),
                                    sshd.user(),
                                    sshd.known_hosts(),
                                    std::chrono::seconds(10),
                                    std::chrono::seconds(20)};
    target.key = sshd.client_key();
    target.remote_dir = incoming(sshd).string();
    return target;
}

} // namespace aafd::test
