// Specification of sync/feed/activation_code.hpp: length and alphabet, unbiased selection
// (the rejection path, with a scripted source), failures of the source, and that the
// default source is the kernel's getrandom(2).
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <deque>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <map>
#include <set>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "sync/feed/activation_code.hpp"

using namespace aafd;
using namespace aafd::sync;

namespace {

// Hands out the bytes it was given, then fails; records the size of each request.
class ScriptedSource final : public RandomSource {
public:
    explicit ScriptedSource(std::vector<std::uint8_t> bytes)
        : m_bytes(bytes.begin(), bytes.end()) {}

    Result<void> fill(std::span<std::uint8_t> bytes) override {
        m_requests.push_back(bytes.size());
        if (bytes.size() > m_bytes.size())
            return fail(ErrorCode::Io, "scripted source: no more bytes");
        for (std::uint8_t& byte : bytes) {
            byte = m_bytes.front();
            m_bytes.pop_front();
        }
        return {};
    }

    const std::vector<std::size_t>& requests() const { return m_requests; }

private:
    std::deque<std::uint8_t> m_bytes;
    std::vector<std::size_t> m_requests;
};

ActivationCodeGenerator generator(std::size_t length, RandomSource& source) {
    auto made = ActivationCodeGenerator::create(length, source);
    REQUIRE_MESSAGE(made.has_value(), (made ? "" : made.error().message));
    return *made;
}

std::string draw(const ActivationCodeGenerator& codes) {
    auto code = codes.draw();
    REQUIRE_MESSAGE(code.has_value(), (code ? "" : code.error().message));
    return *code;
}

#if defined(__x86_64__)
constexpr std::uint32_t k_audit_arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr std::uint32_t k_audit_arch = AUDIT_ARCH_AARCH64;
#endif

// Runs `body` on a thread of its own where the getrandom system call fails with EPERM
// (a seccomp filter; it binds that thread only and ends with it). False when the kernel
// refuses the filter.
template <class Body>
bool with_getrandom_denied(Body body) {
    bool installed = false;
    std::thread thread([&] {
        sock_filter program[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k_audit_arch, 1, 0),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getrandom, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        sock_fprog filter{static_cast<unsigned short>(std::size(program)), program};
        installed = ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
                    ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) == 0;
        if (installed)
            body();
    });
    thread.join();
    return installed;
}

} // namespace

TEST_CASE("the alphabet has no look-alike characters") {
    CHECK(k_code_alphabet.size() == 31);
    CHECK(std::set<char>(k_code_alphabet.begin(), k_code_alphabet.end()).size() == 31);
    for (char look_alike : {'0', 'O', '1', 'I', 'L'})
        CHECK(k_code_alphabet.find(look_alike) == std::string_view::npos);
}

TEST_CASE("by default, codes come from getrandom(2)") {
    auto codes = ActivationCodeGenerator::create(8);
    REQUIRE(codes.has_value());
    CHECK(codes->length() == 8);
    CHECK(&codes->source() == &getrandom_source());
    CHECK(dynamic_cast<const GetrandomSource*>(&codes->source()) != nullptr);
    std::string code = draw(*codes);
    CHECK(code.size() == 8);
    CHECK(code.find_first_not_of(k_code_alphabet) == std::string::npos);
}

TEST_CASE("GetrandomSource asks the getrandom system call, and reports its failure") {
#if defined(__x86_64__) || defined(__aarch64__)
    // glibc 2.36 (Debian 12) calls the system call; a glibc using the vDSO's getrandom
    // would escape the filter.
    Result<void> filled;
    Result<std::string> code;
    bool installed = with_getrandom_denied([&] {
        std::array<std::uint8_t, 16> bytes{};
        filled = getrandom_source().fill(bytes);
        code = ActivationCodeGenerator::create(8)->draw();
    });
    REQUIRE_MESSAGE(installed, "the kernel refused the seccomp filter");
    REQUIRE_FALSE(filled.has_value());
    CHECK(filled.error().code == ErrorCode::Io);
    CHECK(filled.error().message == "getrandom: Operation not permitted");
    REQUIRE_FALSE(code.has_value());
    CHECK(code.error().message ==
          "cannot draw an activation code: getrandom: Operation not permitted");
#endif
}

TEST_CASE("GetrandomSource fills buffers of any size") {
    std::vector<std::uint8_t> none;
    CHECK(getrandom_source().fill(none).has_value());
    // More than getrandom hands out in one call without blocking on some kernels (256 bytes
    // is guaranteed): the loop completes short reads.
    std::vector<std::uint8_t> first(1 << 20), second(1 << 20);
    REQUIRE(getrandom_source().fill(first).has_value());
    REQUIRE(getrandom_source().fill(second).has_value());
    CHECK(first != second);
    CHECK(std::count(first.begin(), first.end(), 0) < 6000); // ≈ 4096 expected
}

TEST_CASE("codes from the real source: alphabet, uniqueness, an even spread") {
    // 12 characters: 31^12 ≈ 7.9e17 codes, so 100,000 draws repeat one with a chance of
    // about 6e-9. (At 8 characters that chance is about 0.6%: codes are secrets paired
    // with a login, not identifiers; nothing relies on them being unique.)
    auto codes = ActivationCodeGenerator::create(12);
    REQUIRE(codes.has_value());
    std::set<std::string> seen;
    std::map<char, int> counts;
    for (int i = 0; i < 100000; ++i) {
        std::string code = draw(*codes);
        REQUIRE(code.size() == 12);
        for (char c : code)
            ++counts[c];
        seen.insert(code);
    }
    CHECK(seen.size() == 100000);
    CHECK(counts.size() == 31);
    // 1.2 million characters: ≈ 38710 each, standard deviation ≈ 194; 6 deviations.
    for (auto [c, count] : counts) {
        CAPTURE(c);
        CHECK(k_code_alphabet.find(c) != std::string_view::npos);
        CHECK(count > 38710 - 1162);
        CHECK(count < 38710 + 1162);
    }
}

TEST_CASE("bytes 248 to 255 are rejected and redrawn, so that every character is as likely") {
    // 248 = 8 x 31: byte % 31 over 0..247 takes each value 8 times.
    ScriptedSource source({0, 248, 255, 30, 31, 247, /* second request */ 1, 100});
    auto codes = generator(6, source);
    CHECK(draw(codes) == "2Z2Z39");
    CHECK(source.requests() == std::vector<std::size_t>{6, 2});
}

TEST_CASE("a failing source fails the draw") {
    ScriptedSource source({0, 1, 2, 255, 255, 255});
    auto codes = generator(6, source);
    auto code = codes.draw();
    REQUIRE_FALSE(code.has_value());
    CHECK(code.error().code == ErrorCode::Io);
    CHECK(code.error().message == "cannot draw an activation code: scripted source: no more bytes");
    CHECK(source.requests() == std::vector<std::size_t>{6, 3});
}

TEST_CASE("the length is configurable, from 6 to 64") {
    for (std::size_t length : {std::size_t{0}, std::size_t{5}, std::size_t{65}}) {
        auto codes = ActivationCodeGenerator::create(length);
        REQUIRE_FALSE(codes.has_value());
        CHECK(codes.error().code == ErrorCode::Config);
        CHECK(codes.error().message ==
              "activation code length " + std::to_string(length) + " is outside 6-64");
    }
    for (std::size_t length : {std::size_t{6}, std::size_t{10}, std::size_t{64}}) {
        auto codes = ActivationCodeGenerator::create(length);
        REQUIRE(codes.has_value());
        CHECK(draw(*codes).size() == length);
    }
}
