#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QTcpSocket>

namespace kse::test {

// A bare TCP connection to an HTTP port, for tests that send what no HTTP client would: a head
// that never ends, a body announced and never sent, requests one byte at a time. Blocking, with
// no event loop; every wait has a deadline so a test fails instead of hanging.
class RawConnection {
public:
    // Connects to 127.0.0.1:port, from `from` when given (any 127.x.y.z is a local address on Linux).
    explicit RawConnection(quint16 port, const QHostAddress& from = {});

    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    // Writes and waits until the bytes have left; false when the connection broke.
    bool send(const QByteArray& bytes);
    // The next whole answer (its head, and its body by Content-Length): empty when none came
    // before the connection ended or the time ran out.
    QByteArray readAnswer(int timeoutMs = 10'000);
    // Waits for the server to close the connection; true when it did in time.
    bool waitForClose(int timeoutMs = 10'000);
    // Reads what has arrived so far without waiting; true when anything has.
    bool poll();
    // Bytes received and not yet taken by readAnswer().
    const QByteArray& pending() const { return m_pending; }
    QTcpSocket& socket() { return m_socket; }

    // The status code of an answer ("HTTP/1.1 431 ..." → 431), 0 for none.
    static int status(const QByteArray& answer);
    static QByteArray body(const QByteArray& answer);

private:
    void readAvailable();
    // The length of the first whole answer in m_pending, or -1.
    qsizetype completeAnswer() const;

    QTcpSocket m_socket;
    QByteArray m_pending;
};

} // namespace kse::test
