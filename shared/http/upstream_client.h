#pragma once

#include <QByteArray>
#include <QUrl>
#include <optional>

namespace kse {

// A GET to another service that waits for the answer without running an event loop.
//
// QtHttpServer 6.4 must answer a request before its handler returns (docs/http-api.md, "Order books"), and
// a nested event loop inside a handler would let other requests in half-way; a blocking socket
// with a deadline does neither. Meant for fast, local services: a slow one costs the caller its
// deadline, not more.
class UpstreamClient {
public:
    struct Reply {
        int status = 0;
        QByteArray contentType;
        QByteArray body;
    };

    // `serviceToken`, when given, goes with every request as `Authorization: Bearer` (an internal
    // service beyond loopback asks for it: HttpEndpoint::Options).
    UpstreamClient(QUrl base, int timeoutMs, QByteArray serviceToken = {});

    // The answer, or nothing when the service cannot be reached or does not answer in time.
    std::optional<Reply> get(const QString& pathAndQuery) const;
    const QUrl& base() const { return m_base; }

private:
    QUrl m_base;
    int m_timeoutMs;
    QByteArray m_serviceToken;
};

} // namespace kse
