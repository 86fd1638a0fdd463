// Draws activation codes: random bytes mapped onto the alphabet by rejection sampling.
#include "sync/feed/activation_code.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <sys/random.h>

namespace aafd::sync {
namespace {

// The largest multiple of the alphabet size that fits in a byte: bytes from it up to 255
// are rejected, so that byte % size is uniform (248 = 8 x 31).
constexpr unsigned k_accepted_bytes = 256 - 256 % k_code_alphabet.size();

} // namespace

Result<void> GetrandomSource::fill(std::span<std::uint8_t> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t count = ::getrandom(bytes.data() + done, bytes.size() - done, 0);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0)
            return fail(ErrorCode::Io, std::string("getrandom: ") + std::strerror(errno));
        done += static_cast<std::size_t>(count);
    }
    return {};
}

GetrandomSource& getrandom_source() {
    static GetrandomSource source;
    return source;
}

Result<ActivationCodeGenerator> ActivationCodeGenerator::create(std::size_t length,
                                                                RandomSource& source) {
    if (length < k_code_min_length || length > k_code_max_length)
        return fail(ErrorCode::Config, "activation code length " + std::to_string(length) +
                                           " is outside " + std::to_string(k_code_min_length) +
                                           "-" + std::to_string(k_code_max_length));
    return ActivationCodeGenerator(length, source);
}

Result<std::string> ActivationCodeGenerator::draw() const {
    std::string code;
    std::array<std::uint8_t, k_code_max_length> bytes{};
    while (code.size() < m_length) {
        std::span<std::uint8_t> wanted(bytes.data(), m_length - code.size());
        if (auto filled = m_source->fill(wanted); !filled)
            return with_context(filled.error(), "cannot draw an activation code");
        for (std::uint8_t byte : wanted)
            if (byte < k_accepted_bytes)
                code += k_code_alphabet[byte % k_code_alphabet.size()];
    }
    return code;
}

} // namespace aafd::sync
