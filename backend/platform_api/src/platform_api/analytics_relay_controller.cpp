#include "platform_api/analytics_relay_controller.h"

#include <QUrlQuery>

#include "http/http_error.h"

namespace kse {

AnalyticsRelayController::AnalyticsRelayController(Authenticator& auth, Upstream analytics, Logger& logger)
    : m_auth(auth), m_analytics(std::move(analytics)), m_logger(logger) {}

void AnalyticsRelayController::registerRoutes(HttpEndpoint& endpoint) {
    endpoint.route(QStringLiteral("/api/v1/analytics/me"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest& request) {
                       const Session session = m_auth.require(request);
                       return relay(QStringLiteral("/api/v1/analytics/users/") +
                                    QString::fromStdString(session.username));
                   });
    endpoint.route(QStringLiteral("/api/v1/analytics/summary"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest& request) {
                       m_auth.require(request);
                       return relay(QStringLiteral("/api/v1/analytics/summary"));
                   });
    endpoint.route(QStringLiteral("/api/v1/analytics/timeseries"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest& request) {
                       m_auth.require(request);
                       // Only the series' own parameters go on, re-encoded.
                       const QUrlQuery given(request.url());
                       QUrlQuery forwarded;
                       for (const char* name : {"metric", "from", "to"})
                           if (given.hasQueryItem(QLatin1String(name)))
                               forwarded.addQueryItem(QLatin1String(name), given.queryItemValue(QLatin1String(name)));
                       return relay(QStringLiteral("/api/v1/analytics/timeseries?") +
                                    forwarded.toString(QUrl::FullyEncoded));
                   });
}

QHttpServerResponse AnalyticsRelayController::relay(const QString& pathAndQuery) {
    const auto reply = m_analytics(pathAndQuery);
    if (reply && reply->status == 401) // its service token, not the user's: nothing the user can mend
        m_logger.error("platform-api", "user analytics refused the service token", {});
    if (!reply || reply->status == 401)
        throw HttpError(QHttpServerResponse::StatusCode::ServiceUnavailable,
                        QStringLiteral("user analytics is unavailable"));
    return jsonResponse(reply->body, static_cast<QHttpServerResponse::StatusCode>(reply->status));
}

} // namespace kse
