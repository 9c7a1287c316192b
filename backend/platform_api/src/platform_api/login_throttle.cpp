#include "platform_api/login_throttle.h"

#include <algorithm>

namespace kse {
namespace {

constexpr std::size_t kMaxKeyBytes = 64;

std::int64_t remaining(std::int64_t lockedUntil, std::int64_t now) { return lockedUntil > now ? lockedUntil - now : 0; }

} // namespace

LoginThrottle::LoginThrottle(Policy policy)
    : m_policy(policy), m_pairs(policy.maxEntries), m_names(policy.maxEntries) {}

std::string LoginThrottle::nameKey(const std::string& name) {
    std::string key = name.substr(0, kMaxKeyBytes);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return key;
}

std::string LoginThrottle::pairKey(const std::string& name, const std::string& address) {
    // Length-prefixed, so no name and address can run into another pair's key.
    const std::string folded = nameKey(name);
    return static_cast<char>(folded.size()) + folded + address.substr(0, kMaxKeyBytes);
}

void LoginThrottle::count(State& state, const Rule& rule, std::int64_t now) {
    if (now - state.windowStart > rule.windowMs) {
        state.windowStart = now;
        state.failures = 0;
    }
    if (++state.failures >= rule.maxFailures) {
        state.lockedUntil = now + rule.lockMs;
        state.failures = 0;
        state.windowStart = now;
    }
}

std::int64_t LoginThrottle::retryAfter(const std::string& name, const std::string& address, std::int64_t now) {
    const std::lock_guard lock(m_mutex);
    const State* pair = m_pairs.find(pairKey(name, address));
    const State* whole = m_names.find(nameKey(name));
    const std::int64_t pairWait = pair ? remaining(pair->lockedUntil, now) : 0;
    const std::int64_t nameWait = whole && !(pair && pair->knownAddress) ? remaining(whole->lockedUntil, now) : 0;
    return std::max(pairWait, nameWait);
}

void LoginThrottle::failed(const std::string& name, const std::string& address, std::int64_t now) {
    const std::lock_guard lock(m_mutex);
    count(m_pairs.touch(pairKey(name, address)), m_policy.perAddress, now);
    count(m_names.touch(nameKey(name)), m_policy.perName, now);
}

bool LoginThrottle::knownAddress(const std::string& name, const std::string& address) const {
    const std::lock_guard lock(m_mutex);
    const State* pair = m_pairs.find(pairKey(name, address));
    return pair && pair->knownAddress;
}

void LoginThrottle::succeeded(const std::string& name, const std::string& address) {
    const std::lock_guard lock(m_mutex);
    m_pairs.touch(pairKey(name, address)) = State{0, 0, 0, true};
}

std::size_t LoginThrottle::trackedPairs() const {
    const std::lock_guard lock(m_mutex);
    return m_pairs.size();
}

std::size_t LoginThrottle::trackedNames() const {
    const std::lock_guard lock(m_mutex);
    return m_names.size();
}

} // namespace kse
