#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace kse {

// Slows password guessing: after `maxFailures` failed logins for one username within `windowMs`,
// that name is locked for `lockMs` (HTTP 429 with Retry-After), whoever tries. Success resets it.
class LoginThrottle {
public:
    struct Policy {
        int maxFailures = 5;
        std::int64_t windowMs = 5 * 60'000;
        std::int64_t lockMs = 60'000;
    };

    explicit LoginThrottle(Policy policy) : m_policy(policy) {}

    // Milliseconds until `key` may try again; 0 when it may now.
    std::int64_t retryAfter(const std::string& key, std::int64_t now);
    void failed(const std::string& key, std::int64_t now);
    void succeeded(const std::string& key);

private:
    struct State {
        int failures = 0;
        std::int64_t windowStart = 0;
        std::int64_t lockedUntil = 0;
    };
    Policy m_policy;
    std::mutex m_mutex;
    std::map<std::string, State> m_states;
};

} // namespace kse
