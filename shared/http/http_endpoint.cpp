#include "http/http_endpoint.h"

#include "http/connection_guard.h"
#include "http/http_error.h"
#include "http/limited_tcp_server.h"
#include "http/web_socket_handshakes.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QHttpServerRouter>
#include <QHttpServerRouterRule>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QSemaphore>
#include <QThread>
#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include "domain/money.h"

namespace kse {
namespace {

QString methodName(QHttpServerRequest::Method method) {
    return QString::fromLatin1(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(static_cast<int>(method)))
        .toUpper();
}

const QString kHealthcheck = QStringLiteral("/api/v1/healthcheck");

// Equal tokens, in a time that does not depend on where they differ: both are hashed first, so
// not even the length of the expected token shows.
bool sameToken(const QByteArray& given, const QByteArray& expected) {
    const QByteArray a = QCryptographicHash::hash(given, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected, QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

QHttpServerResponse tokenRequired() {
    auto response = errorResponse(QHttpServerResponse::StatusCode::Unauthorized,
                                  QStringLiteral("a service token is required (Authorization: Bearer TOKEN)"));
    response.addHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"kse-service\""));
    return response;
}

// A listening socket on `address`:`port` that other sockets may share (SO_REUSEPORT, same user
// only), so each HTTP thread accepts on its own socket and the kernel spreads the connections.
int sharedListeningSocket(const QHostAddress& address, quint16 port) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    bool isIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    const bool any = address == QHostAddress::Any;
    if (isIpv4 && !any) {
        auto* in = reinterpret_cast<sockaddr_in*>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(ipv4);
        length = sizeof(sockaddr_in);
    } else {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = any ? QHostAddress(QHostAddress::AnyIPv6).toIPv6Address() : address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        length = sizeof(sockaddr_in6);
    }
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    const int on = 1;
    const int off = 0;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    if (any)
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off); // Qt's Any: both families
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&storage), length) != 0 || ::listen(fd, SOMAXCONN) != 0) {
        const std::string error = std::strerror(errno);
        ::close(fd);
        throw std::runtime_error("cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                 " (" + error + ")");
    }
    return fd;
}

quint16 boundPort(int fd) {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
    return storage.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&storage)->sin_port)
                                        : ntohs(reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port);
}

// `Upgrade: websocket` with `Connection: upgrade` among its tokens. QtHttpServer upgrades only
// when both are there: a request with the first alone would be matched, never answered, and
// hold its connection with no deadline.
bool asksToUpgrade(const QHttpServerRequest& request) {
    if (request.value(QByteArrayLiteral("Upgrade")).trimmed().compare("websocket", Qt::CaseInsensitive) != 0)
        return false;
    for (const QByteArray& token : request.value(QByteArrayLiteral("Connection")).split(','))
        if (token.trimmed().compare("upgrade", Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

// Matches an admitted WebSocket upgrade request for one path. QtHttpServer upgrades a request
// only when a rule matched it (qabstracthttpserver.cpp, handleReadyRead), so a refused one is
// left unmatched and answered by the missing handler instead.
class HttpEndpoint::UpgradeRule : public QHttpServerRouterRule {
public:
    UpgradeRule(const QString& path, std::function<bool(const QHttpServerRequest&)> admits, RouterHandler handler)
        : QHttpServerRouterRule(path, QHttpServerRequest::Method::Get, std::move(handler))
        , m_path(path)
        , m_admits(std::move(admits)) {}

protected:
    bool matches(const QHttpServerRequest& request, QRegularExpressionMatch* match) const override {
        if (request.method() != QHttpServerRequest::Method::Get || request.url().path() != m_path ||
            !asksToUpgrade(request) || !m_admits(request))
            return false;
        *match = QRegularExpressionMatch();
        return true;
    }

private:
    QString m_path;
    std::function<bool(const QHttpServerRequest&)> m_admits;
};

// One HTTP thread: its own QHttpServer, made, run and destroyed on the thread, accepting on its
// own listening socket.
class HttpEndpoint::ServingThread : public QThread {
public:
    using Factory = std::function<std::unique_ptr<QHttpServer>(int fd)>;
    ServingThread(Factory factory, int fd) : m_factory(std::move(factory)), m_fd(fd) {}

    // Starts the thread and waits until its server accepts; false when it could not.
    bool begin() {
        start();
        m_ready.acquire();
        return m_serving;
    }

protected:
    void run() override {
        std::unique_ptr<QHttpServer> server = m_factory(m_fd);
        m_serving = server != nullptr;
        m_ready.release();
        if (!server)
            return;
        exec();
        server.reset(); // here, on its own thread, with every socket it holds
    }

private:
    Factory m_factory;
    int m_fd;
    bool m_serving = false;
    QSemaphore m_ready;
};

HttpEndpoint::HttpEndpoint(QString serviceName, MetricsRegistry& metrics, Logger& logger)
    : HttpEndpoint(std::move(serviceName), metrics, logger, Options{}) {}

HttpEndpoint::HttpEndpoint(QString serviceName, MetricsRegistry& metrics, Logger& logger, Options options)
    : m_serviceName(std::move(serviceName)), m_metrics(metrics), m_logger(logger), m_options(std::move(options)) {
    m_uptime.start();
    route(kHealthcheck, QHttpServerRequest::Method::Get, [this](const QHttpServerRequest&) {
        QJsonObject body{{QStringLiteral("service"), m_serviceName},
                         {QStringLiteral("version"), QStringLiteral(KSE_VERSION)},
                         {QStringLiteral("uptime_s"), m_uptime.elapsed() / 1000}};
        if (auto problem = m_healthProbe ? m_healthProbe() : std::nullopt) {
            body.insert(QStringLiteral("error"), *problem);
            return jsonResponse(QJsonDocument(body).toJson(QJsonDocument::Compact),
                                QHttpServerResponse::StatusCode::ServiceUnavailable);
        }
        if (!m_options.warnings.isEmpty())
            body.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(m_options.warnings));
        body.insert(QStringLiteral("message"), QStringLiteral("OK"));
        return jsonResponse(QJsonDocument(body).toJson(QJsonDocument::Compact));
    });
    route(QStringLiteral("/metrics"), QHttpServerRequest::Method::Get, [this](const QHttpServerRequest&) {
        // What the healthcheck says, for alerts: asked here, on the thread that answers it.
        const bool healthy = !(m_healthProbe && m_healthProbe());
        const std::string health =
            "# HELP kse_healthy 1 while GET /api/v1/healthcheck answers 200, else 0\n# TYPE kse_healthy gauge\n"
            "kse_healthy " +
            std::string(healthy ? "1" : "0") +
            "\n# HELP kse_topic_warnings What the topics fall short of, found at start (the healthcheck's "
            "warnings)\n# TYPE kse_topic_warnings gauge\nkse_topic_warnings " +
            std::to_string(m_options.warnings.size()) + "\n";
        return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4"),
                                   QByteArray::fromStdString(m_metrics.render() + health));
    });
}

HttpEndpoint::~HttpEndpoint() { stop(); }

void HttpEndpoint::route(const QString& path, QHttpServerRequest::Method method, Handler handler, Threading threading) {
    m_paths.insert(path);
    m_routes.push_back(Route{path, method, std::move(handler), threading});
}

void HttpEndpoint::route(const QString& path, QHttpServerRequest::Method method, ArgHandler handler,
                         Threading threading) {
    m_routes.push_back(Route{path, method, std::move(handler), threading});
}

void HttpEndpoint::webSocket(const QString& path, UpgradeCheck admit, SocketHandler accept) {
    m_webSockets.push_back(WebSocketRoute{path, std::move(admit), std::move(accept)});
}

void HttpEndpoint::install(QHttpServer& server, bool ownThreads) {
    auto* handshakes = m_webSockets.empty()
                           ? nullptr
                           : new WebSocketHandshakes(m_options.limits.requestTimeoutMs,
                                                     m_options.limits.maxUnsentWebSocketBytes, &server);
    for (const WebSocketRoute& w : m_webSockets) {
        const auto admits = [this, &w](const QHttpServerRequest& request) {
            if (m_stopping.load() || !authorized(w.path, request))
                return false;
            try {
                w.admit(request);
                return true;
            } catch (const std::exception&) {
                return false; // answered by answerNotUpgraded, which asks again for the reason
            }
        };
        const auto upgraded = [handshakes](const QRegularExpressionMatch&, const QHttpServerRequest&,
                                           QTcpSocket* socket) {
            if (auto* guard = ConnectionGuard::of(socket))
                guard->handOver();
            handshakes->started(socket);
        };
        const auto noArguments = [](const QHttpServerRequest&) {};
        server.router()->addRule<decltype(noArguments)>(std::make_unique<UpgradeRule>(w.path, admits, upgraded));
    }
    if (!m_webSockets.empty())
        QObject::connect(&server, &QAbstractHttpServer::newWebSocketConnection, &server,
                         [this, &server, handshakes] { acceptWebSockets(server, *handshakes); });
    for (const Route& r : m_routes) {
        const bool home = ownThreads && r.threading == Threading::Home;
        if (const auto* plain = std::get_if<Handler>(&r.handler)) {
            server.route(r.path, r.method, [this, &r, plain, home](const QHttpServerRequest& request) {
                const auto call = [&] { return invoke(r.path, request, [&] { return (*plain)(request); }); };
                return home ? atHome(call) : call();
            });
        } else {
            const auto* withArg = std::get_if<ArgHandler>(&r.handler);
            server.route(
                r.path, r.method, [this, &r, withArg, home](const QString& arg, const QHttpServerRequest& request) {
                    const auto call = [&] { return invoke(r.path, request, [&] { return (*withArg)(arg, request); }); };
                    return home ? atHome(call) : call();
                });
        }
    }
    server.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        answerMissing(request, std::move(responder));
    });
}

QHttpServerResponse HttpEndpoint::atHome(const std::function<QHttpServerResponse()>& call) {
    std::optional<QHttpServerResponse> response;
    if (!m_stopping.load())
        QMetaObject::invokeMethod(
            &m_home, [&] { response.emplace(call()); }, Qt::BlockingQueuedConnection);
    if (!response)
        return errorResponse(QHttpServerResponse::StatusCode::ServiceUnavailable,
                             QStringLiteral("the service is stopping"));
    return std::move(*response);
}

QHttpServerResponse HttpEndpoint::invoke(const QString& route, const QHttpServerRequest& request,
                                         const std::function<QHttpServerResponse()>& handler) {
    QHttpServerResponse response = [&] {
        if (!authorized(route, request))
            return tokenRequired();
        try {
            return handler();
        } catch (const HttpError& error) {
            return errorResponse(error.status(), error.message(), error.retryAfterSeconds());
        } catch (const ArithmeticOverflow& error) {
            // Money or a quantity the request would take beyond 64 bits: refused, never wrapped.
            return errorResponse(QHttpServerResponse::StatusCode::UnprocessableEntity,
                                 QStringLiteral("amount out of range: the request would overflow (%1)")
                                     .arg(QString::fromUtf8(error.what())));
        } catch (const std::exception& error) {
            m_logger.error(m_serviceName.toStdString(), "request failed",
                           {{"route", route.toStdString()}, {"error", error.what()}});
            return errorResponse(QHttpServerResponse::StatusCode::InternalServerError,
                                 QStringLiteral("internal error"));
        }
    }();
    count(route, request.method(), static_cast<int>(response.statusCode()));
    return response;
}

void HttpEndpoint::count(const QString& route, QHttpServerRequest::Method method, int status) {
    const std::lock_guard lock(m_countersMutex);
    auto& slot = m_requestCounters[{route, static_cast<int>(method), status}];
    if (!slot)
        slot = &m_metrics.counter("kse_http_requests_total", "HTTP requests answered, by route, method and status",
                                  {{"route", route.toStdString()},
                                   {"method", methodName(method).toStdString()},
                                   {"status", std::to_string(status)}});
    slot->fetch_add(1, std::memory_order_relaxed);
}

bool HttpEndpoint::authorized(const QString& route, const QHttpServerRequest& request) const {
    if (!m_requireToken || route == kHealthcheck)
        return true;
    const QByteArray header = request.value(QByteArrayLiteral("Authorization")).trimmed();
    if (header.size() < 7 || header.left(7).compare("Bearer ", Qt::CaseInsensitive) != 0)
        return false;
    return sameToken(header.mid(7).trimmed(), m_options.serviceToken);
}

void HttpEndpoint::acceptWebSockets(QHttpServer& server, WebSocketHandshakes& handshakes) {
    while (server.hasPendingWebSocketConnections()) {
        QWebSocket* socket = server.nextPendingWebSocketConnection().release();
        socket->setParent(&server);
        handshakes.finished(*socket);
        const QString path = socket->requestUrl().path();
        const auto route = std::find_if(m_webSockets.begin(), m_webSockets.end(),
                                        [&](const WebSocketRoute& w) { return w.path == path; });
        if (socket->state() != QAbstractSocket::ConnectedState) {
            // Ended before it was handed over (the client's first frame broke the protocol, and
            // Qt closed it): nothing would ever say so again, so it goes now.
            socket->deleteLater();
            continue;
        }
        if (route == m_webSockets.end() || m_stopping.load()) {
            // An upgrade of an HTTP route (QtHttpServer upgrades any matched request that asks):
            // not a WebSocket of ours, so the connection ends here.
            socket->abort();
            socket->deleteLater();
            continue;
        }
        count(route->path, QHttpServerRequest::Method::Get, 101);
        route->accept(socket);
    }
}

void HttpEndpoint::answerNotUpgraded(const WebSocketRoute& route, const QHttpServerRequest& request,
                                     QHttpServerResponder&& responder) {
    const auto answer = [&](QHttpServerResponse response) {
        count(route.path, request.method(), static_cast<int>(response.statusCode()));
        response.write(std::move(responder));
    };
    if (!asksToUpgrade(request) || request.method() != QHttpServerRequest::Method::Get) {
        auto response =
            errorResponse(static_cast<QHttpServerResponse::StatusCode>(426),
                          QStringLiteral("%1 is a WebSocket: GET it with Upgrade: websocket and Connection: Upgrade")
                              .arg(route.path));
        response.addHeader(QByteArrayLiteral("Upgrade"), QByteArrayLiteral("websocket"));
        return answer(std::move(response));
    }
    if (m_stopping.load())
        return answer(errorResponse(QHttpServerResponse::StatusCode::ServiceUnavailable,
                                    QStringLiteral("the service is stopping")));
    try {
        route.admit(request);
    } catch (const HttpError& error) {
        return answer(errorResponse(error.status(), error.message(), error.retryAfterSeconds()));
    } catch (const std::exception& error) {
        m_logger.error(m_serviceName.toStdString(), "upgrade failed",
                       {{"route", route.path.toStdString()}, {"error", error.what()}});
        return answer(
            errorResponse(QHttpServerResponse::StatusCode::InternalServerError, QStringLiteral("internal error")));
    }
    // Admitted now, though not a moment ago (a session that just began): the client asks again.
    answer(errorResponse(QHttpServerResponse::StatusCode::ServiceUnavailable, QStringLiteral("try again"), 1));
}

void HttpEndpoint::answerMissing(const QHttpServerRequest& request, QHttpServerResponder&& responder) {
    if (!authorized(QStringLiteral("unmatched"), request)) { // the routes are not shown to strangers
        count(QStringLiteral("unmatched"), request.method(), 401);
        tokenRequired().write(std::move(responder));
        return;
    }
    const QString path = request.url().path();
    for (const WebSocketRoute& w : m_webSockets)
        if (w.path == path)
            return answerNotUpgraded(w, request, std::move(responder));
    const bool known = m_paths.contains(path);
    const auto status =
        known ? QHttpServerResponder::StatusCode::MethodNotAllowed : QHttpServerResponder::StatusCode::NotFound;
    const QString message =
        known ? QStringLiteral("method %1 is not allowed on %2").arg(methodName(request.method()), path)
              : QStringLiteral("no endpoint %1 %2").arg(methodName(request.method()), path);
    count(QStringLiteral("unmatched"), request.method(), static_cast<int>(status));
    responder.write(QJsonDocument(QJsonObject{{QStringLiteral("error"), message}}).toJson(QJsonDocument::Compact),
                    QByteArrayLiteral("application/json"), status);
}

quint16 HttpEndpoint::listen(const QHostAddress& address, quint16 port) {
    if (m_options.internal && !address.isLoopback()) {
        if (m_options.serviceToken.isEmpty())
            throw std::runtime_error(m_serviceName.toStdString() + " listens beyond loopback (" +
                                     address.toString().toStdString() +
                                     ") only with a service token (KSE_SERVICE_TOKEN or --service-token-file)");
        m_requireToken = true;
    }
    if (m_options.threads > 1)
        return listenOnThreads(address, port);
    install(m_server, false);
    auto server = std::make_unique<LimitedTcpServer>(m_options.limits, m_metrics, m_tally);
    if (!server->listen(address, port))
        throw std::runtime_error("cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                 " (" + server->errorString().toStdString() + ")");
    const quint16 bound = server->serverPort();
    m_server.bind(server.release()); // QHttpServer owns it from here
    return bound;
}

quint16 HttpEndpoint::listenOnThreads(const QHostAddress& address, quint16 port) {
    std::vector<int> sockets{sharedListeningSocket(address, port)};
    const quint16 bound = boundPort(sockets.front());
    try {
        while (static_cast<int>(sockets.size()) < m_options.threads)
            sockets.push_back(sharedListeningSocket(address, bound));
    } catch (...) {
        for (int fd : sockets)
            ::close(fd);
        throw;
    }
    const auto factory = [this](int fd) -> std::unique_ptr<QHttpServer> {
        auto server = std::make_unique<QHttpServer>();
        install(*server, true);
        auto tcp = std::make_unique<LimitedTcpServer>(m_options.limits, m_metrics, m_tally);
        if (!tcp->setSocketDescriptor(fd)) {
            ::close(fd);
            return nullptr;
        }
        server->bind(tcp.release()); // QHttpServer owns it from here
        return server;
    };
    for (std::size_t i = 0; i < sockets.size(); ++i) {
        auto thread = std::make_unique<ServingThread>(factory, sockets[i]);
        thread->setObjectName(QStringLiteral("http%1-%2").arg(i).arg(m_serviceName));
        const bool serving = thread->begin();
        m_threads.push_back(std::move(thread));
        if (!serving) {
            for (std::size_t j = i + 1; j < sockets.size(); ++j)
                ::close(sockets[j]);
            stop();
            throw std::runtime_error("cannot serve on " + address.toString().toStdString() + ":" +
                                     std::to_string(bound));
        }
    }
    return bound;
}

void HttpEndpoint::stop() {
    m_stopping = true;
    // The home server's WebSockets end now, not with the endpoint: their handlers' objects may
    // not outlive this call. (Each HTTP thread's end with its server.)
    qDeleteAll(m_server.findChildren<QWebSocket*>(Qt::FindDirectChildrenOnly));
    for (auto& thread : m_threads)
        thread->quit();
    // A thread may be waiting for a Home route to run here: run those while waiting for it.
    for (auto& thread : m_threads)
        while (!thread->wait(QDeadlineTimer(10)))
            QCoreApplication::sendPostedEvents(&m_home, QEvent::MetaCall);
    m_threads.clear();
}

} // namespace kse
