#include "support/raw_connection.h"

#include <QDeadlineTimer>

namespace kse::test {

RawConnection::RawConnection(quint16 port, const QHostAddress& from) {
    if (!from.isNull())
        m_socket.bind(from);
    m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    m_socket.waitForConnected(10'000);
}

bool RawConnection::send(const QByteArray& bytes) {
    if (!connected())
        return false;
    m_socket.write(bytes);
    const QDeadlineTimer deadline(30'000);
    while (m_socket.bytesToWrite() > 0 && connected() && !deadline.hasExpired())
        m_socket.waitForBytesWritten(100);
    readAvailable();
    return m_socket.bytesToWrite() == 0;
}

void RawConnection::readAvailable() { m_pending += m_socket.readAll(); }

bool RawConnection::poll() {
    m_socket.waitForReadyRead(0);
    readAvailable();
    return !m_pending.isEmpty();
}

qsizetype RawConnection::completeAnswer() const {
    const qsizetype headEnd = m_pending.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return -1;
    qsizetype length = 0;
    for (const QByteArray& line : m_pending.left(headEnd).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
            length = line.mid(colon + 1).trimmed().toLongLong();
    }
    const qsizetype total = headEnd + 4 + length;
    return m_pending.size() >= total ? total : -1;
}

QByteArray RawConnection::readAnswer(int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    readAvailable();
    while (completeAnswer() < 0 && !deadline.hasExpired()) {
        if (!m_socket.waitForReadyRead(100) && !connected()) {
            readAvailable();
            break;
        }
        readAvailable();
    }
    const qsizetype length = completeAnswer();
    if (length < 0)
        return {};
    QByteArray answer = m_pending.left(length);
    m_pending.remove(0, length);
    return answer;
}

bool RawConnection::waitForClose(int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    while (connected() && !deadline.hasExpired()) {
        m_socket.waitForReadyRead(100);
        readAvailable();
    }
    readAvailable();
    return !connected();
}

int RawConnection::status(const QByteArray& answer) {
    if (!answer.startsWith("HTTP/1."))
        return 0;
    return answer.mid(9, 3).toInt();
}

QByteArray RawConnection::body(const QByteArray& answer) {
    const qsizetype headEnd = answer.indexOf("\r\n\r\n");
    return headEnd < 0 ? QByteArray() : answer.mid(headEnd + 4);
}

} // namespace kse::test
