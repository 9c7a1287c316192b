#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "platform_api/lru_table.h"

namespace kse {

// A token bucket per client address for the anonymous entry points (registration, login), so
// that one address cannot keep the server hashing passwords: `burst` requests at once, then one
// every `intervalMs`. At most `maxAddresses` are remembered; a new one pushes out the longest
// idle, whose bucket has most likely refilled anyway (forgetting a bucket only ever gives its
// address a full one again, never less than it had). O(1) per call.
//
// Kept as the bucket's "theoretical arrival time" (GCRA): one number per address that says when
// the bucket would be full again, with no timer and no refill loop.
class AddressRateLimiter {
public:
    // 30 at once covers a room of people behind one NAT address signing in together; then one a
    // second, a hash every second at most (3–4 % of a core here per address) — nobody types a
    // password faster. 10,000 addresses take about 1 MiB.
    struct Policy {
        int burst = 30;
        std::int64_t intervalMs = 1'000;
        std::size_t maxAddresses = 10'000;
    };

    explicit AddressRateLimiter(Policy policy);

    // Takes a token for `address` (an opaque key, e.g. clientAddressKey(); only its first 64
    // bytes count) at `now`: 0 when the request may go on, else the milliseconds until the next
    // token.
    std::int64_t take(const std::string& address, std::int64_t now);
    std::size_t trackedAddresses() const;

private:
    Policy m_policy;
    mutable std::mutex m_mutex;
    LruTable<std::int64_t> m_fullAt; // address → when its bucket is full again
};

} // namespace kse
