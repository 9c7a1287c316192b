#include "http/connection_guard.h"

#include <QByteArray>
#include <algorithm>
#include <chrono>
#include <sys/socket.h>

namespace kse {
namespace {

const char* reasonPhrase(int status) {
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
    }
}

QByteArray errorAnswer(int status, const std::string& message) {
    // The message is ours (no quotes or backslashes), so it needs no escaping.
    const QByteArray body = "{\"error\":\"" + QByteArray::fromStdString(message) + "\"}";
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
           "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket& socket, const HttpLimits& limits, RefusalSink refused, Gone gone)
    : QObject(&socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_refused(std::move(refused))
    , m_gone(std::move(gone))
    , m_scanner(limits) {
    // A new connection must begin its first request as promptly as any request must end.
    m_deadline = nowMs() + m_limits.requestTimeoutMs;
}

ConnectionGuard::~ConnectionGuard() {
    if (m_gone)
        m_gone(*this);
}

ConnectionGuard* ConnectionGuard::of(QTcpSocket* socket) {
    return socket ? socket->findChild<ConnectionGuard*>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

std::int64_t ConnectionGuard::nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void ConnectionGuard::watchBefore() { connect(&m_socket, &QIODevice::readyRead, this, &ConnectionGuard::beforeQt); }

void ConnectionGuard::watchAfter() { connect(&m_socket, &QIODevice::readyRead, this, &ConnectionGuard::afterQt); }

void ConnectionGuard::beforeQt() {
    if (m_closing)
        return;
    const qint64 available = m_socket.bytesAvailable();
    const auto known = static_cast<qint64>(m_scanner.scanned() - m_consumed); // scanned, not yet read by Qt
    const qint64 fresh = available - known;
    if (fresh > 0) {
        std::optional<HttpRequestScanner::Refusal> refusal;
        if (known == 0 && m_scanner.bodyBytesPending() >= fresh) {
            m_scanner.skipBody(fresh); // the middle of a body: nothing to look at
        } else {
            const QByteArray bytes = m_socket.peek(available);
            refusal = m_scanner.scan(
                std::string_view(bytes.constData() + known, static_cast<std::size_t>(bytes.size() - known)));
        }
        if (refusal) {
            refuse(refusal->status, refusal->message);
            return;
        }
        // Qt is about to answer another request while the client leaves earlier answers unread.
        if (m_scanner.previousEnd() > m_consumed && m_socket.bytesToWrite() > m_limits.maxUnsentBytes) {
            drop();
            return;
        }
    }
    updateDeadline();
    sendContinueIfDue();
}

void ConnectionGuard::afterQt() {
    if (m_closing)
        return;
    const auto left = static_cast<std::uint64_t>(std::max<qint64>(0, m_socket.bytesAvailable()));
    m_consumed = m_scanner.scanned() - std::min(left, m_scanner.scanned());
    // Requests sent ahead of their answers wait in the socket's buffer: keep that to one request.
    if (static_cast<std::int64_t>(left) > m_limits.maxRequestBytes()) {
        drop();
        return;
    }
    // Qt has answered, and requests are still waiting while earlier answers are unread. Checked
    // here too, not only when bytes arrive: on a thread that waits for its answers, the last
    // requests may all have arrived before the answers piled up.
    if (left > 0 && m_socket.bytesToWrite() > m_limits.maxUnsentBytes) {
        drop();
        return;
    }
    sendContinueIfDue();
}

void ConnectionGuard::updateDeadline() {
    const std::int64_t now = nowMs();
    if (!m_scanner.inRequest()) {
        m_wait = Wait::Idle;
        m_deadline = now + m_limits.idleTimeoutMs;
    } else if (m_wait != Wait::Request || m_timedRequest != m_scanner.completed()) {
        m_wait = Wait::Request; // a new request: its time starts with its first byte
        m_timedRequest = m_scanner.completed();
        m_deadline = now + m_limits.requestTimeoutMs;
    }
}

void ConnectionGuard::sendContinueIfDue() {
    // Only when every earlier request has been read (and so answered): a 100 ahead of an earlier
    // answer would be taken for it.
    if (!m_scanner.awaitsContinue() || m_continued == m_scanner.completed() || m_consumed < m_scanner.previousEnd())
        return;
    m_continued = m_scanner.completed();
    m_socket.write("HTTP/1.1 100 Continue\r\n\r\n");
}

void ConnectionGuard::expireIfDue(std::int64_t nowMs) {
    if (m_handedOver || nowMs < m_deadline)
        return;
    switch (m_wait) {
    case Wait::Request:
        refuse(408, "the request was not complete within " + std::to_string(m_limits.requestTimeoutMs) + " ms");
        break;
    case Wait::Idle: closeQuietly(); break;
    case Wait::Linger:
        m_socket.abort();
        m_socket.deleteLater();
        break;
    }
}

void ConnectionGuard::stopReading() {
    m_closing = true;
    // Disconnecting during the emission also skips the slots still to come: QtHttpServer's too.
    QObject::disconnect(&m_socket, &QIODevice::readyRead, nullptr, nullptr);
    if (m_socket.isTransactionStarted())
        m_socket.commitTransaction();
    m_socket.skip(m_socket.bytesAvailable());
    connect(&m_socket, &QIODevice::readyRead, this, [this] { m_socket.skip(m_socket.bytesAvailable()); });
    m_wait = Wait::Linger;
    m_deadline = nowMs() + m_limits.lingerMs;
}

void ConnectionGuard::refuse(int status, const std::string& message) {
    m_refused(status);
    stopReading();
    m_socket.write(errorAnswer(status, message));
    m_socket.flush();
    // The answer goes out and then a FIN, while what the client still sends is read and dropped
    // until it closes or the linger time is up: closing at once with unread input would reset
    // the connection, and a reset can destroy the answer before the client reads it.
    if (m_socket.bytesToWrite() == 0) {
        shutdownWrite();
    } else {
        connect(&m_socket, &QIODevice::bytesWritten, this, [this] {
            if (m_socket.bytesToWrite() == 0)
                shutdownWrite();
        });
    }
}

void ConnectionGuard::shutdownWrite() {
    if (m_socket.socketDescriptor() != -1)
        ::shutdown(static_cast<int>(m_socket.socketDescriptor()), SHUT_WR);
}

void ConnectionGuard::drop() {
    m_refused(0);
    stopReading();
    m_socket.abort();
    m_socket.deleteLater();
}

void ConnectionGuard::closeQuietly() {
    stopReading();
    m_socket.disconnectFromHost();
}

} // namespace kse
