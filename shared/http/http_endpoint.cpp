#include "http/http_endpoint.h"

#include "http/http_error.h"
#include "http/limited_tcp_server.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <stdexcept>

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

} // namespace

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
        body.insert(QStringLiteral("message"), QStringLiteral("OK"));
        return jsonResponse(QJsonDocument(body).toJson(QJsonDocument::Compact));
    });
    route(QStringLiteral("/metrics"), QHttpServerRequest::Method::Get, [this](const QHttpServerRequest&) {
        return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4"),
                                   QByteArray::fromStdString(m_metrics.render()));
    });
    m_server.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        answerMissing(request, std::move(responder));
    });
}

void HttpEndpoint::route(const QString& path, QHttpServerRequest::Method method, Handler handler) {
    m_paths.insert(path);
    m_server.route(path, method, [this, path, handler = std::move(handler)](const QHttpServerRequest& request) {
        return invoke(path, request, [&] { return handler(request); });
    });
}

void HttpEndpoint::route(const QString& path, QHttpServerRequest::Method method, ArgHandler handler) {
    m_server.route(path, method,
                   [this, path, handler = std::move(handler)](const QString& arg, const QHttpServerRequest& request) {
                       return invoke(path, request, [&] { return handler(arg, request); });
                   });
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

void HttpEndpoint::answerMissing(const QHttpServerRequest& request, QHttpServerResponder&& responder) {
    if (!authorized(QStringLiteral("unmatched"), request)) { // the routes are not shown to strangers
        count(QStringLiteral("unmatched"), request.method(), 401);
        tokenRequired().write(std::move(responder));
        return;
    }
    const QString path = request.url().path();
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
    auto server = std::make_unique<LimitedTcpServer>(m_options.limits, m_metrics);
    if (!server->listen(address, port))
        throw std::runtime_error("cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                 " (" + server->errorString().toStdString() + ")");
    const quint16 bound = server->serverPort();
    m_server.bind(server.release()); // QHttpServer owns it from here
    return bound;
}

} // namespace kse
