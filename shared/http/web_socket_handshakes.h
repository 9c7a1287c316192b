#pragma once

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QWebSocket>
#include <vector>

namespace kse {

// The WebSocket connections of one QHttpServer between the upgrade and the end of the handshake,
// and the one limit Qt keeps no account of after it. Lives on its server's thread, as its child.
//
// QtHttpServer 6.4 hands an upgraded connection to QWebSocketServer::handleConnection, which
// starts no handshake timer of its own: a client whose handshake never completes (its header
// lines ended by a bare LF, say, which QtHttpServer's parser accepts and Qt's handshake reader
// waits past for CRLF CRLF) would hold its connection for ever. Each connection here is given
// `timeoutMs` to complete it, and aborted after that.
//
// Once connected, Qt answers every ping with a pong written to the socket, however much is still
// unsent: a client that sends pings and never reads would grow the service's memory without
// bound. After each read, a connection with more than `maxUnsentBytes` unsent is aborted.
class WebSocketHandshakes : public QObject {
    Q_OBJECT
public:
    WebSocketHandshakes(int timeoutMs, qint64 maxUnsentBytes, QObject* parent);

    // `socket` was upgraded: its handshake is under way.
    void started(QTcpSocket* socket);
    // The handshake of `webSocket` completed (it came out of the server): its deadline ends and
    // its unsent bytes are bounded from now on.
    void finished(QWebSocket& webSocket);

private:
    int m_timeoutMs;
    qint64 m_maxUnsentBytes;
    std::vector<QPointer<QTcpSocket>> m_pending;
};

} // namespace kse
