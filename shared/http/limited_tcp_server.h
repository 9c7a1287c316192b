#pragma once

#include "http/connection_guard.h"
#include "http/http_limits.h"
#include "http/metrics_registry.h"

#include <QHash>
#include <QHostAddress>
#include <QSet>
#include <QTcpServer>
#include <QTimer>
#include <atomic>
#include <map>
#include <memory>

namespace kse {

// The listening socket of every service's HttpEndpoint (given to QHttpServer::bind): it refuses
// connections beyond the caps at accept, and puts a ConnectionGuard on each one it accepts, so
// no request is read beyond HttpLimits and no connection outlives its deadlines. Counted on
// /metrics: kse_http_connections (open now) and kse_http_refused_total{status} (status 0: closed
// without an answer, for a client that does not read its answers).
class LimitedTcpServer : public QTcpServer {
    Q_OBJECT
public:
    LimitedTcpServer(const HttpLimits& limits, MetricsRegistry& metrics, QObject* parent = nullptr);
    ~LimitedTcpServer() override;

protected:
    void incomingConnection(qintptr handle) override;

private:
    void refuseAtAccept(qintptr handle, const QByteArray& message);
    void noteRefusal(int status);
    void sweep();
    static QHostAddress clientOf(qintptr handle);

    HttpLimits m_limits;
    MetricsRegistry& m_metrics;
    std::map<int, MetricsRegistry::Counter*> m_refusals;
    std::shared_ptr<std::atomic<int>> m_open = std::make_shared<std::atomic<int>>(0); // read by /metrics
    QHash<QHostAddress, int> m_perClient;
    QSet<ConnectionGuard*> m_guards;
    QTimer m_sweep;
};

} // namespace kse
