#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "platform_api/lru_table.h"

namespace kse {

// Slows password guessing without handing strangers a way to lock owners out:
// - `perAddress`: `maxFailures` failed logins for one name from one client address within
//   `windowMs` lock that pair for `lockMs` (HTTP 429 with Retry-After). The owner, elsewhere,
//   is not affected.
// - `perName`: a much higher ceiling over all addresses, so that many addresses together still
//   cannot guess at full speed; it locks the name for everyone except addresses that have logged
//   in to it before (remembered while the table keeps them), so a botnet that trips it does not
//   shut out an owner coming from a known place.
// A success resets its pair (and marks the address as known), not the name's count.
//
// Both tables hold at most `maxEntries` entries (about 40 MiB together when full) and forget the
// least recently failed first; names are folded to lower case (names are unique in any case) and
// cut to 64 bytes, so their size never depends on what a caller sends.
class LoginThrottle {
public:
    struct Rule {
        int maxFailures;
        std::int64_t windowMs;
        std::int64_t lockMs;
    };
    struct Policy {
        Rule perAddress{5, 5 * 60'000, 60'000};
        Rule perName{100, 5 * 60'000, 60'000};
        std::size_t maxEntries = 100'000;
    };

    explicit LoginThrottle(Policy policy);

    // Milliseconds until `name` may be tried again from `address`; 0 when it may now.
    std::int64_t retryAfter(const std::string& name, const std::string& address, std::int64_t now);
    void failed(const std::string& name, const std::string& address, std::int64_t now);
    void succeeded(const std::string& name, const std::string& address);
    // Whether `address` has logged in to `name` before (while the table remembers it).
    bool knownAddress(const std::string& name, const std::string& address) const;

    std::size_t trackedPairs() const;
    std::size_t trackedNames() const;

private:
    struct State {
        int failures = 0;
        std::int64_t windowStart = 0;
        std::int64_t lockedUntil = 0;
        bool knownAddress = false; // a pair that has logged in
    };
    static void count(State& state, const Rule& rule, std::int64_t now);
    static std::string nameKey(const std::string& name);
    static std::string pairKey(const std::string& name, const std::string& address);

    Policy m_policy;
    mutable std::mutex m_mutex;
    LruTable<State> m_pairs;
    LruTable<State> m_names;
};

} // namespace kse
