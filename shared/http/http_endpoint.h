#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QObject>
#include <QSet>
#include <QWebSocket>
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "http/connection_tally.h"
#include "http/http_limits.h"
#include "http/metrics_registry.h"
#include "log/logger.h"

namespace kse {

class WebSocketHandshakes;

// One service's HTTP face: routes whose handlers answer before returning (Qt 6.4 cannot answer
// later safely), typed errors mapped to {"error"}, requests counted by route and status, and
// the endpoints every service has: GET /api/v1/healthcheck and GET /metrics. Requests are held
// to HttpLimits while they arrive (LimitedTcpServer).
//
// With Options::threads above 1 it serves on that many threads of its own, each with its own
// QHttpServer accepting on the one port (SO_REUSEPORT: the kernel spreads the connections).
// A route registered as Threading::Any then runs on the thread that read its request, so its
// handler must be safe to run on several threads at once; every other route runs on the thread
// the endpoint was made on (its home), which the HTTP thread waits for.
class HttpEndpoint {
public:
    enum class Threading { Home, Any };

    struct Options {
        HttpLimits limits;
        int threads = 1; // HTTP threads; 1 serves on the home thread itself
        // An internal service (every one but the platform API): listening beyond loopback, it
        // answers only requests with `Authorization: Bearer <serviceToken>` — all but
        // GET /api/v1/healthcheck — and without a token it refuses to listen there at all.
        bool internal = false;
        QByteArray serviceToken;
        // Risks that do not stop the service (a topic kept too briefly, say): listed under
        // "warnings" by GET /api/v1/healthcheck, which still answers 200.
        QStringList warnings;
    };

    using Handler = std::function<QHttpServerResponse(const QHttpServerRequest&)>;
    using ArgHandler = std::function<QHttpServerResponse(const QString&, const QHttpServerRequest&)>;
    // Why the service is not healthy right now, or nothing when it is.
    using HealthProbe = std::function<std::optional<QString>()>;

    HttpEndpoint(QString serviceName, MetricsRegistry& metrics, Logger& logger);
    HttpEndpoint(QString serviceName, MetricsRegistry& metrics, Logger& logger, Options options);
    ~HttpEndpoint();

    // Routes are registered before listen().
    void route(const QString& path, QHttpServerRequest::Method method, Handler handler,
               Threading threading = Threading::Home);
    // `path` holds one `<arg>`, e.g. "/api/v1/stocks/<arg>"; the handler gets its value.
    void route(const QString& path, QHttpServerRequest::Method method, ArgHandler handler,
               Threading threading = Threading::Home);
    void setHealthProbe(HealthProbe probe) { m_healthProbe = std::move(probe); }

    // Admits a WebSocket upgrade request, or throws HttpError to refuse it (answered with its
    // status and {"error"}, and the connection closed). Runs on the thread that read the request.
    using UpgradeCheck = std::function<void(const QHttpServerRequest&)>;
    // Takes each accepted WebSocket on the thread that read its upgrade request. The socket is
    // a child of that thread's server, so stop() ends it on that thread at the latest.
    using SocketHandler = std::function<void(QWebSocket* socket)>;
    // A WebSocket endpoint: `GET path` with `Upgrade: websocket`, admitted by `admit`. A request
    // for `path` without the upgrade is answered 426. The connection's HTTP deadlines end at the
    // upgrade; its WebSocket handshake must then complete within limits.requestTimeoutMs, and
    // it is aborted whenever more than limits.maxUnsentWebSocketBytes wait to be sent to it
    // (WebSocketHandshakes). The handler keeps it alive or ends it from there.
    void webSocket(const QString& path, UpgradeCheck admit, SocketHandler accept);

    // Starts listening; port 0 picks a free one. Returns the port; throws std::runtime_error.
    quint16 listen(const QHostAddress& address, quint16 port);
    // Stops the HTTP threads: no handler runs on them once this returns. Call it from the home
    // thread before anything the handlers use is destroyed.
    void stop();

private:
    struct Route {
        QString path;
        QHttpServerRequest::Method method;
        std::variant<Handler, ArgHandler> handler;
        Threading threading;
    };
    class ServingThread;
    class UpgradeRule;
    struct WebSocketRoute {
        QString path;
        UpgradeCheck admit;
        SocketHandler accept;
    };

    void install(QHttpServer& server, bool ownThreads);
    quint16 listenOnThreads(const QHostAddress& address, quint16 port);
    // Runs `call` on the home thread and waits for it; 503 once the endpoint is stopping.
    QHttpServerResponse atHome(const std::function<QHttpServerResponse()>& call);
    QHttpServerResponse invoke(const QString& route, const QHttpServerRequest& request,
                               const std::function<QHttpServerResponse()>& handler);
    void count(const QString& route, QHttpServerRequest::Method method, int status);
    void answerMissing(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    // The answer to a request for a WebSocket path that was not upgraded.
    void answerNotUpgraded(const WebSocketRoute& route, const QHttpServerRequest& request,
                           QHttpServerResponder&& responder);
    void acceptWebSockets(QHttpServer& server, WebSocketHandshakes& handshakes);
    bool authorized(const QString& route, const QHttpServerRequest& request) const;

    QString m_serviceName;
    MetricsRegistry& m_metrics;
    Logger& m_logger;
    HealthProbe m_healthProbe;
    Options m_options;
    bool m_requireToken = false;
    std::shared_ptr<ConnectionTally> m_tally = std::make_shared<ConnectionTally>();
    std::deque<Route> m_routes;
    std::deque<WebSocketRoute> m_webSockets;
    QHttpServer m_server; // serves on the home thread when threads is 1
    QObject m_home;       // on the home thread: where Home routes are sent from HTTP threads
    std::vector<std::unique_ptr<ServingThread>> m_threads;
    std::atomic<bool> m_stopping{false};
    QElapsedTimer m_uptime;
    QSet<QString> m_paths; // registered literal paths, to tell 405 from 404
    std::mutex m_countersMutex;
    std::map<std::tuple<QString, int, int>, MetricsRegistry::Counter*> m_requestCounters;
};

} // namespace kse
