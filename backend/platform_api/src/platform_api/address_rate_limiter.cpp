#include "platform_api/address_rate_limiter.h"

#include <algorithm>

namespace kse {

AddressRateLimiter::AddressRateLimiter(Policy policy)
    : m_policy{std::max(policy.burst, 1), std::max<std::int64_t>(policy.intervalMs, 1), policy.maxAddresses}
    , m_fullAt(policy.maxAddresses) {}

std::int64_t AddressRateLimiter::take(const std::string& address, std::int64_t now) {
    const std::lock_guard lock(m_mutex);
    std::int64_t& fullAt = m_fullAt.touch(address.substr(0, 64));
    const std::int64_t from = std::max(fullAt, now);
    // The bucket may be emptied down to its last token: `burst - 1` intervals ahead of now.
    const std::int64_t tolerance = m_policy.intervalMs * (m_policy.burst - 1);
    if (from - now > tolerance)
        return from - tolerance - now;
    fullAt = from + m_policy.intervalMs;
    return 0;
}

std::size_t AddressRateLimiter::trackedAddresses() const {
    const std::lock_guard lock(m_mutex);
    return m_fullAt.size();
}

} // namespace kse
