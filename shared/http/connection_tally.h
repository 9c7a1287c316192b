#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <atomic>
#include <mutex>
#include <optional>

#include "http/http_limits.h"

namespace kse {

// The connections open on one service's port, in total and per client address, shared by every
// thread that accepts on that port (HttpEndpoint serves on several), so the caps of HttpLimits
// hold for the port as a whole.
class ConnectionTally {
public:
    // Counts a new connection of `client`, or says why it is refused (a cap is reached).
    std::optional<QByteArray> admit(const QHostAddress& client, const HttpLimits& limits);
    void release(const QHostAddress& client);
    int open() const { return m_open.load(std::memory_order_relaxed); }

private:
    std::mutex m_mutex;
    QHash<QHostAddress, int> m_perClient;
    std::atomic<int> m_open{0};
};

} // namespace kse
