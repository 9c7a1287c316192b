#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QSet>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "http/http_limits.h"
#include "http/metrics_registry.h"
#include "log/logger.h"

namespace kse {

// One service's HTTP face: routes whose handlers answer before returning (Qt 6.4 cannot answer
// later safely), typed errors mapped to {"error"}, requests counted by route and status, and
// the endpoints every service has: GET /api/v1/healthcheck and GET /metrics. Requests are held
// to HttpLimits while they arrive (LimitedTcpServer).
class HttpEndpoint {
public:
    struct Options {
        HttpLimits limits;
        // An internal service (every one but the platform API): listening beyond loopback, it
        // answers only requests with `Authorization: Bearer <serviceToken>` — all but
        // GET /api/v1/healthcheck — and without a token it refuses to listen there at all.
        bool internal = false;
        QByteArray serviceToken;
    };

    using Handler = std::function<QHttpServerResponse(const QHttpServerRequest&)>;
    using ArgHandler = std::function<QHttpServerResponse(const QString&, const QHttpServerRequest&)>;
    // Why the service is not healthy right now, or nothing when it is.
    using HealthProbe = std::function<std::optional<QString>()>;

    HttpEndpoint(QString serviceName, MetricsRegistry& metrics, Logger& logger);
    HttpEndpoint(QString serviceName, MetricsRegistry& metrics, Logger& logger, Options options);

    void route(const QString& path, QHttpServerRequest::Method method, Handler handler);
    // `path` holds one `<arg>`, e.g. "/api/v1/stocks/<arg>"; the handler gets its value.
    void route(const QString& path, QHttpServerRequest::Method method, ArgHandler handler);
    void setHealthProbe(HealthProbe probe) { m_healthProbe = std::move(probe); }

    // Starts listening; port 0 picks a free one. Returns the port; throws std::runtime_error.
    quint16 listen(const QHostAddress& address, quint16 port);

private:
    QHttpServerResponse invoke(const QString& route, const QHttpServerRequest& request,
                               const std::function<QHttpServerResponse()>& handler);
    void count(const QString& route, QHttpServerRequest::Method method, int status);
    void answerMissing(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    bool authorized(const QString& route, const QHttpServerRequest& request) const;

    QString m_serviceName;
    MetricsRegistry& m_metrics;
    Logger& m_logger;
    HealthProbe m_healthProbe;
    Options m_options;
    bool m_requireToken = false;
    QHttpServer m_server;
    QElapsedTimer m_uptime;
    QSet<QString> m_paths; // registered literal paths, to tell 405 from 404
    std::map<std::tuple<QString, int, int>, MetricsRegistry::Counter*> m_requestCounters;
};

} // namespace kse
