#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include "support/http_client.h"

namespace kse::test {

// Blocking HTTP/1.1 over a plain TCP socket bound to a chosen source address, one connection
// per request: the server sees each request come from `source`. Linux routes all of 127/8 to
// the loopback device, so 127.0.0.2, 127.0.3.4, … act as distinct clients on one machine
// (QNetworkAccessManager cannot choose its source address).
class BoundHttpClient {
public:
    BoundHttpClient(const QString& source, quint16 port);

    HttpReply get(const QString& path);
    HttpReply post(const QString& path, const QByteArray& body);

private:
    HttpReply send(const QByteArray& method, const QString& path, const QByteArray& body);
    QHostAddress m_source;
    quint16 m_port;
};

} // namespace kse::test
