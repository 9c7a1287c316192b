#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kse {

// Usernames: 3–32 characters, letters, digits and . _ -, starting with a letter; unique without
// regard to case. Passwords: 8–256 bytes.
std::optional<std::string> usernameError(std::string_view username);
std::optional<std::string> passwordError(std::string_view password);

// Names that only the server itself may give out (the market maker's account, the first admin)
// or that would pass for the operator's: `admin`, `market-maker`, `support`, … Compared in any
// case and with `.`, `_` and `-` ignored, so `Market_Maker` and `ad.min` are reserved too.
bool isReservedUsername(std::string_view username);

// Salted, memory-hard password hashes: Argon2id (libsodium's crypto_pwhash_str, version 1.3),
// stored in the PHC string format "$argon2id$v=19$m=KIB,t=OPS,p=1$SALT$HASH", which carries its
// own salt and cost, so the cost can be raised later and old hashes still verify (and are
// replaced at the next login, see needsRehash). Hashes of the scheme before it,
// "pbkdf2-sha256$ITERATIONS$SALT$KEY" (PBKDF2-HMAC-SHA256, base64), still verify.
//
// The cost: 32 MiB and 2 passes (p = 1), above OWASP's minimum for Argon2id (19 MiB, 2 passes,
// 1 lane) in both. tests/bench/password_hash_bench.cpp measures it: about 30 ms of one core per
// hash on the 2-core machines this runs on — a sixth of what PBKDF2 with 100,000 iterations
// cost here, while every guess against a stolen Users DB needs 32 MiB of memory, which is what
// makes GPUs and ASICs slow at it. The HTTP thread hashes one password at a time, so the memory
// is needed once.
class PasswordHasher {
public:
    struct Cost {
        unsigned long long passes;
        std::size_t memoryBytes;
    };
    static constexpr Cost kDefaultCost{2, std::size_t{32} << 20};

    // Throws std::invalid_argument below Argon2id's own minimum (1 pass, 8 KiB): tests use
    // that minimum to stay fast; the service uses kDefaultCost.
    explicit PasswordHasher(Cost cost = kDefaultCost);

    Cost cost() const { return m_cost; }
    // A new salted hash of `password` at this hasher's cost; throws std::runtime_error when
    // the memory cannot be had.
    std::string hash(std::string_view password) const;
    // Whether `password` matches a stored hash of either scheme (compared in constant time);
    // false for anything that is not a hash of ours.
    bool verify(std::string_view password, std::string_view stored) const;
    // Whether a stored hash (already verified) should be replaced by one at this cost: any
    // PBKDF2 hash, and Argon2id hashes made with another cost.
    bool needsRehash(std::string_view stored) const;

private:
    Cost m_cost;
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
