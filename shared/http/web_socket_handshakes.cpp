#include "http/web_socket_handshakes.h"

#include <QTimer>
#include <algorithm>

namespace kse {

WebSocketHandshakes::WebSocketHandshakes(int timeoutMs, qint64 maxUnsentBytes, QObject* parent)
    : QObject(parent), m_timeoutMs(timeoutMs), m_maxUnsentBytes(maxUnsentBytes) {}

void WebSocketHandshakes::started(QTcpSocket* socket) {
    std::erase_if(m_pending, [](const QPointer<QTcpSocket>& s) { return s.isNull(); });
    m_pending.emplace_back(socket);
    QTimer::singleShot(m_timeoutMs, socket, [this, socket] {
        const auto it = std::find(m_pending.begin(), m_pending.end(), socket);
        if (it == m_pending.end())
            return; // handed over as a WebSocket in time
        m_pending.erase(it);
        socket->abort();
    });
}

void WebSocketHandshakes::finished(QWebSocket& webSocket) {
    // The QWebSocket does not say which socket it was made from; its connection's two ends do.
    const auto it = std::find_if(m_pending.begin(), m_pending.end(), [&](const QPointer<QTcpSocket>& s) {
        return !s.isNull() && s->peerPort() == webSocket.peerPort() && s->localPort() == webSocket.localPort() &&
               s->peerAddress() == webSocket.peerAddress();
    });
    if (it == m_pending.end())
        return;
    QTcpSocket* socket = *it;
    m_pending.erase(it);
    // Connected after the WebSocket's own reader, so this runs once Qt has answered what it read.
    connect(socket, &QTcpSocket::readyRead, &webSocket, [socket, limit = m_maxUnsentBytes] {
        if (socket->bytesToWrite() > limit)
            socket->abort();
    });
}

} // namespace kse
