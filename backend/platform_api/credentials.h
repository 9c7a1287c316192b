#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kse {

// Usernames: 3–32 characters, letters, digits and . _ -, starting with a letter; unique without
// regard to case. Passwords: 8–256 bytes.
std::optional<std::string> usernameError(std::string_view username);
std::optional<std::string> passwordError(std::string_view password);

// Salted, slow password hashes: PBKDF2-HMAC-SHA256 (Qt's QPasswordDigestor), a 16-byte random
// salt per hash, stored as "pbkdf2-sha256$ITERATIONS$SALT$KEY" (base64) so that the work factor
// can be raised later without invalidating stored hashes.
//
// The work factor: 100,000 iterations cost about 0.2 s on one core of the 2-core machines
// this runs on (Qt's PBKDF2 does ~2 µs per iteration), which is what one login may cost: an
// attacker with a stolen Users DB pays the same per guess and per user. OWASP's 600,000 would
// make each login take more than a second here and invite denial of service.
class PasswordHasher {
public:
    static constexpr int kIterations = 100'000;

    static std::string hash(std::string_view password, int iterations = kIterations);
    // Whether `password` matches a stored hash (compared in constant time); false for anything
    // that is not a hash of ours.
    static bool verify(std::string_view password, std::string_view stored);
};

// Bearer tokens: 256 random bits (the system's CSPRNG), base64url. Only their SHA-256 is
// stored, so the Users DB never holds a usable token.
struct IssuedToken {
    std::string token;  // given to the client once
    std::string digest; // kept
};
IssuedToken issueToken();
std::string tokenDigest(std::string_view token);

} // namespace kse
