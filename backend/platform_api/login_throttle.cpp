#include "platform_api/login_throttle.h"

namespace kse {

std::int64_t LoginThrottle::retryAfter(const std::string& key, std::int64_t now) {
    const std::lock_guard lock(m_mutex);
    const auto it = m_states.find(key);
    return it == m_states.end() || it->second.lockedUntil <= now ? 0 : it->second.lockedUntil - now;
}

void LoginThrottle::failed(const std::string& key, std::int64_t now) {
    const std::lock_guard lock(m_mutex);
    State& s = m_states[key];
    if (now - s.windowStart > m_policy.windowMs) {
        s.windowStart = now;
        s.failures = 0;
    }
    if (++s.failures >= m_policy.maxFailures) {
        s.lockedUntil = now + m_policy.lockMs;
        s.failures = 0;
        s.windowStart = now;
    }
    // Forget names that have been quiet for long, so the map cannot grow without bound.
    if (m_states.size() > 100'000)
        std::erase_if(m_states, [&](const auto& entry) {
            return entry.second.lockedUntil <= now && now - entry.second.windowStart > m_policy.windowMs;
        });
}

void LoginThrottle::succeeded(const std::string& key) {
    const std::lock_guard lock(m_mutex);
    m_states.erase(key);
}

} // namespace kse
