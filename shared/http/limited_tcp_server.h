#pragma once

#include "http/connection_guard.h"
#include "http/connection_tally.h"
#include "http/http_limits.h"
#include "http/metrics_registry.h"

#include <QHash>
#include <QHostAddress>
#include <QSet>
#include <QTcpServer>
#include <QTimer>
#include <map>
#include <memory>

namespace kse {

// The listening socket of every service's HttpEndpoint (given to QHttpServer::bind): it refuses
// connections beyond the caps at accept, and puts a ConnectionGuard on each one it accepts, so
// no request is read beyond HttpLimits and no connection outlives its deadlines. Counted on
// /metrics: kse_http_connections (open now) and kse_http_refused_total{status} (status 0: closed
// without an answer, for a client that does not read its answers). Several servers accepting on
// one port (one per HTTP thread) share its ConnectionTally, which kse_http_connections reads.
class LimitedTcpServer : public QTcpServer {
    Q_OBJECT
public:
    LimitedTcpServer(const HttpLimits& limits, MetricsRegistry& metrics, std::shared_ptr<ConnectionTally> tally,
                     QObject* parent = nullptr);
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
    std::shared_ptr<ConnectionTally> m_tally;
    QSet<ConnectionGuard*> m_guards;
    QTimer m_sweep;
};

} // namespace kse
