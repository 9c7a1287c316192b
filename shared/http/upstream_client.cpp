#include "http/upstream_client.h"

#include <QDeadlineTimer>
#include <QTcpSocket>

namespace kse {
namespace {

constexpr qsizetype kMaxReply = 8 * 1024 * 1024;

// Splits "HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody" once the header is complete; false until then.
bool parseHead(const QByteArray& data, UpstreamClient::Reply& reply, qsizetype& bodyStart, qsizetype& length) {
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = data.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    reply.status = statusLine.value(1).toInt();
    length = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            length = value.toLongLong();
        else if (name == "content-type")
            reply.contentType = value;
    }
    bodyStart = end + 4;
    return true;
}

} // namespace

UpstreamClient::UpstreamClient(QUrl base, int timeoutMs, QByteArray serviceToken)
    : m_base(std::move(base)), m_timeoutMs(timeoutMs), m_serviceToken(std::move(serviceToken)) {}

std::optional<UpstreamClient::Reply> UpstreamClient::get(const QString& pathAndQuery) const {
    const QDeadlineTimer deadline(m_timeoutMs);
    QTcpSocket socket;
    socket.connectToHost(m_base.host(), static_cast<quint16>(m_base.port(80)));
    if (!socket.waitForConnected(static_cast<int>(deadline.remainingTime())))
        return std::nullopt;
    QByteArray request = "GET " + pathAndQuery.toUtf8() + " HTTP/1.1\r\nHost: " + m_base.host().toUtf8() + ':' +
                         QByteArray::number(m_base.port(80)) + "\r\nAccept: application/json\r\nConnection: close\r\n";
    if (!m_serviceToken.isEmpty())
        request += "Authorization: Bearer " + m_serviceToken + "\r\n";
    request += "\r\n";
    socket.write(request);
    QByteArray data;
    Reply reply;
    qsizetype bodyStart = -1, length = -1;
    bool headParsed = false, open = true;
    while (true) {
        if (!headParsed)
            headParsed = parseHead(data, reply, bodyStart, length);
        if (headParsed && length >= 0 && data.size() - bodyStart >= length)
            break;
        if (!open) {
            if (headParsed && length < 0)
                break; // no length: the body ends with the connection
            return std::nullopt;
        }
        if (data.size() > kMaxReply || deadline.hasExpired())
            return std::nullopt;
        if (!socket.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime()))))
            open = socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired();
        data += socket.readAll();
    }
    reply.body = data.mid(bodyStart, length >= 0 ? length : -1);
    return reply;
}

} // namespace kse
