#include "http/limited_tcp_server.h"

#include <QTcpSocket>
#include <algorithm>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace kse {
namespace {

// Room for one request of the largest size and what may arrive behind it in one read.
constexpr qint64 kReadBufferSlack = 64 * 1024;

} // namespace

LimitedTcpServer::LimitedTcpServer(const HttpLimits& limits, MetricsRegistry& metrics,
                                   std::shared_ptr<ConnectionTally> tally, QObject* parent)
    : QTcpServer(parent), m_limits(limits), m_metrics(metrics), m_tally(std::move(tally)), m_sweep(this) {
    m_metrics.gauge("kse_http_connections", "HTTP connections open now",
                    [tally = m_tally] { return static_cast<double>(tally->open()); });
    // One timer for every connection's deadlines: a request costs no timer of its own. It looks
    // four times per shortest deadline, so a deadline is kept to within a quarter of itself.
    const int shortest = std::min({m_limits.requestTimeoutMs, m_limits.idleTimeoutMs, m_limits.lingerMs});
    m_sweep.setInterval(std::clamp(shortest / 4, 10, 1'000));
    connect(&m_sweep, &QTimer::timeout, this, &LimitedTcpServer::sweep);
    m_sweep.start();
}

LimitedTcpServer::~LimitedTcpServer() {
    // While the counts still exist: the sockets' destroyed() handlers update them.
    qDeleteAll(findChildren<QTcpSocket*>(Qt::FindDirectChildrenOnly));
}

QHostAddress LimitedTcpServer::clientOf(qintptr handle) {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (::getpeername(static_cast<int>(handle), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return {};
    const QHostAddress peer(reinterpret_cast<const sockaddr*>(&address));
    bool isIpv4 = false;
    const quint32 ipv4 = peer.toIPv4Address(&isIpv4); // also an IPv4 address mapped into IPv6
    if (isIpv4)
        return QHostAddress(ipv4);
    // One IPv6 client usually holds a whole /64: count the network, not each address in it.
    Q_IPV6ADDR network = peer.toIPv6Address();
    std::memset(&network[8], 0, 8);
    return QHostAddress(network);
}

void LimitedTcpServer::incomingConnection(qintptr handle) {
    const QHostAddress client = clientOf(handle);
    if (auto refusal = m_tally->admit(client, m_limits)) {
        refuseAtAccept(handle, *refusal);
        return;
    }
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        ::close(static_cast<int>(handle));
        m_tally->release(client);
        return;
    }
    // However fast a client sends, one read takes no more than a whole request and a little.
    socket->setReadBufferSize(m_limits.maxRequestBytes() + kReadBufferSlack);
    auto* guard = new ConnectionGuard(
        *socket, m_limits, [this](int status) { noteRefusal(status); },
        [this, client](ConnectionGuard& gone) {
            m_guards.remove(&gone);
            m_tally->release(client);
        });
    m_guards.insert(guard);
    // addPendingConnection() emits pendingConnectionAvailable, on which QtHttpServer takes the
    // socket and connects its readyRead slot (qabstracthttpserver.cpp): so the guard's slots
    // come first and last.
    guard->watchBefore();
    addPendingConnection(socket);
    guard->watchAfter();
}

void LimitedTcpServer::refuseAtAccept(qintptr handle, const QByteArray& message) {
    noteRefusal(503);
    const QByteArray body = "{\"error\":\"" + message + "\"}";
    const QByteArray answer = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1"
                              "\r\nContent-Length: " +
                              QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    // A few hundred bytes fit in any socket's send buffer: no need to wait for them.
    [[maybe_unused]] const auto sent = ::send(static_cast<int>(handle), answer.constData(),
                                              static_cast<size_t>(answer.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(static_cast<int>(handle));
}

void LimitedTcpServer::noteRefusal(int status) {
    auto& counter = m_refusals[status];
    if (!counter)
        counter = &m_metrics.counter("kse_http_refused_total",
                                     "HTTP requests and connections refused by the connection limits, by status "
                                     "answered (0: closed without an answer)",
                                     {{"status", std::to_string(status)}});
    counter->fetch_add(1, std::memory_order_relaxed);
}

void LimitedTcpServer::sweep() {
    const std::int64_t now = ConnectionGuard::nowMs();
    for (ConnectionGuard* guard : QSet<ConnectionGuard*>(m_guards))
        if (m_guards.contains(guard)) // an earlier one may have ended it
            guard->expireIfDue(now);
}

} // namespace kse
