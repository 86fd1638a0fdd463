// Streaming SHA-256, for the fingerprints of applied export files.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace aafd {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    void update(std::string_view bytes);
    // Lower-case hex digest; the object must not be updated afterwards.
    std::string hex_digest();

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

std::string sha256_hex(std::string_view bytes);

} // namespace aafd
