// Activation codes for an account's first login: secrets drawn from the kernel's CSPRNG
// (getrandom(2)), from an alphabet without look-alike characters. Never rand() or
// std::mt19937: their output is predictable from a few observed values (Open ENT NG
// draws its codes with such a generator), and a code must not be guessable from others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace aafd::sync {

// Where random bytes come from; tests script one.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    // Fills all of `bytes`, or fails (ErrorCode::Io) with the reason.
    virtual Result<void> fill(std::span<std::uint8_t> bytes) = 0;
};

// The kernel's CSPRNG through getrandom(2), retried on EINTR and short reads. Blocks only
// until the kernel's pool is first seeded at boot. Stateless and thread-safe.
class GetrandomSource final : public RandomSource {
public:
    Result<void> fill(std::span<std::uint8_t> bytes) override;
};

// The one GetrandomSource: the default of ActivationCodeGenerator.
GetrandomSource& getrandom_source();

// 31 characters: digits and capitals without 0/O, 1/I/L.
inline constexpr std::string_view k_code_alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
// Bounds of the code length (the configuration checks the same bounds). The default
// length is [accounts] code_length's, declared by config::Accounts.
inline constexpr std::size_t k_code_min_length = 6;
inline constexpr std::size_t k_code_max_length = 64;

class ActivationCodeGenerator {
public:
    // ErrorCode::Config when length is outside k_code_min_length..k_code_max_length.
    // `source` must outlive the generator.
    static Result<ActivationCodeGenerator> create(std::size_t length,
                                                  RandomSource& source = getrandom_source());

    // A code of length() characters of k_code_alphabet, each uniformly drawn (bytes that
    // would bias the choice are rejected and redrawn). Fails when the source fails.
    Result<std::string> draw() const;

    std::size_t length() const { return m_length; }
    const RandomSource& source() const { return *m_source; }

private:
    ActivationCodeGenerator(std::size_t length, RandomSource& source)
        : m_length(length), m_source(&source) {}

    std::size_t m_length;
    RandomSource* m_source;
};

} // namespace aafd::sync
