#pragma once

#include "http/http_limits.h"
#include "http/http_request_scanner.h"

#include <QObject>
#include <QTcpSocket>
#include <cstdint>
#include <functional>
#include <string>

namespace kse {

// Keeps one connection of a LimitedTcpServer within its HttpLimits.
//
// QtHttpServer 6.4 reads a socket in its readyRead slot, inside a QIODevice transaction, one
// byte at a time, until a request is complete (qabstracthttpserver.cpp, handleReadyRead). The
// guard's first slot is connected before Qt's, so it sees new bytes first: it peeks at them
// (the transaction keeps Qt's place) and scans them, and on a refusal it disconnects every
// readyRead slot — Qt's included, which then never runs — answers itself and closes. Its second
// slot, connected after Qt's, learns how far Qt has read, which tells which bytes are new next
// time and when a request waiting for `100 Continue` is first in line.
class ConnectionGuard : public QObject {
    Q_OBJECT
public:
    // Told of every connection ended by a rule: the status answered, or 0 when none could be.
    using RefusalSink = std::function<void(int status)>;

    // `socket` is the guard's parent; `limits` outlives it. `gone` runs when the guard is
    // destroyed (with its socket): not on the socket's destroyed() signal, which QtHttpServer
    // disconnects when it hands a socket over to WebSockets.
    using Gone = std::function<void(ConnectionGuard&)>;
    ConnectionGuard(QTcpSocket& socket, const HttpLimits& limits, RefusalSink refused, Gone gone);
    ~ConnectionGuard() override;

    // The guard of `socket`, or null.
    static ConnectionGuard* of(QTcpSocket* socket);

    // Before QtHttpServer takes the socket: the slot that sees new bytes first.
    void watchBefore();
    // After QtHttpServer has connected its own slot: the slot that sees what it consumed.
    void watchAfter();
    // Ends the connection when its deadline (request, idle or linger) has passed.
    void expireIfDue(std::int64_t nowMs);
    // The connection is upgraded to a WebSocket, which keeps its own rules from here: no more
    // deadlines (QtHttpServer disconnects every slot of the socket itself).
    void handOver() { m_handedOver = true; }

    static std::int64_t nowMs();

private:
    enum class Wait { Idle, Request, Linger };

    void beforeQt();
    void afterQt();
    void refuse(int status, const std::string& message);
    void drop();
    void closeQuietly();
    void stopReading();
    void shutdownWrite();
    void sendContinueIfDue();
    void updateDeadline();

    QTcpSocket& m_socket;
    const HttpLimits& m_limits;
    RefusalSink m_refused;
    Gone m_gone;
    bool m_handedOver = false;
    HttpRequestScanner m_scanner;
    std::uint64_t m_consumed = 0;           // how far into the stream QtHttpServer has read
    std::uint64_t m_continued = UINT64_MAX; // the request (by number) that was sent 100 Continue
    bool m_closing = false;
    Wait m_wait = Wait::Idle;
    std::int64_t m_deadline = 0;
    std::uint64_t m_timedRequest = UINT64_MAX; // the request (by number) the request deadline is for
};

} // namespace kse
