#include "http/connection_tally.h"

namespace kse {

std::optional<QByteArray> ConnectionTally::admit(const QHostAddress& client, const HttpLimits& limits) {
    const std::lock_guard lock(m_mutex);
    if (m_open.load(std::memory_order_relaxed) >= limits.maxConnections)
        return QByteArrayLiteral("too many connections");
    int& mine = m_perClient[client];
    if (mine >= limits.maxConnectionsPerClient) {
        if (mine == 0)
            m_perClient.remove(client);
        return QByteArrayLiteral("too many connections from one address");
    }
    ++mine;
    m_open.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
}

void ConnectionTally::release(const QHostAddress& client) {
    const std::lock_guard lock(m_mutex);
    m_open.fetch_sub(1, std::memory_order_relaxed);
    auto it = m_perClient.find(client);
    if (it != m_perClient.end() && --*it <= 0)
        m_perClient.erase(it);
}

} // namespace kse
