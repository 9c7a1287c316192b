#include "support/bound_http_client.h"

#include <QDeadlineTimer>
#include <QTcpSocket>

namespace kse::test {
namespace {

constexpr int kTimeoutMs = 30'000;

// Reads one response: status line, headers, then Content-Length bytes of body (or up to the
// close when there is no length). Status 0 when it cannot be read.
HttpReply readReply(QTcpSocket& socket) {
    HttpReply reply;
    QByteArray buffer;
    const QDeadlineTimer deadline(kTimeoutMs);
    qsizetype headerEnd = -1;
    qsizetype contentLength = -1;
    while (!deadline.hasExpired()) {
        buffer += socket.readAll();
        if (headerEnd < 0 && (headerEnd = buffer.indexOf("\r\n\r\n")) >= 0) {
            const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
            const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
            reply.status = status.value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = lines[i].left(colon).trimmed();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                reply.headers.append({name, value});
                if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
                    contentLength = value.toLongLong();
            }
        }
        if (headerEnd >= 0 && contentLength >= 0 && buffer.size() - headerEnd - 4 >= contentLength) {
            reply.body = buffer.mid(headerEnd + 4, contentLength);
            return reply;
        }
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0) {
            if (headerEnd >= 0 && contentLength < 0) {
                reply.body = buffer.mid(headerEnd + 4);
                return reply;
            }
            break;
        }
        socket.waitForReadyRead(100);
    }
    return {};
}

} // namespace

BoundHttpClient::BoundHttpClient(const QString& source, quint16 port) : m_source(source), m_port(port) {}

HttpReply BoundHttpClient::get(const QString& path) { return send("GET", path, {}); }

HttpReply BoundHttpClient::post(const QString& path, const QByteArray& body) { return send("POST", path, body); }

HttpReply BoundHttpClient::send(const QByteArray& method, const QString& path, const QByteArray& body) {
    QTcpSocket socket;
    if (!socket.bind(m_source, 0))
        return {};
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!socket.waitForConnected(kTimeoutMs))
        return {};
    QByteArray request = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) +
                         "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
                         "\r\nConnection: close\r\n\r\n" + body;
    socket.write(request);
    const QDeadlineTimer deadline(kTimeoutMs);
    while (socket.bytesToWrite() > 0 && !deadline.hasExpired())
        socket.waitForBytesWritten(100);
    return readReply(socket);
}

} // namespace kse::test
