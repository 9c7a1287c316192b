#include "platform_api/analytics_relay_controller.h"

#include <QUrlQuery>

#include "http/http_error.h"
#include "platform_api/analytics_merge.h"

namespace kse {

namespace {

[[noreturn]] void unavailable() {
    throw HttpError(QHttpServerResponse::StatusCode::ServiceUnavailable,
                    QStringLiteral("user analytics is unavailable"));
}

} // namespace

AnalyticsRelayController::AnalyticsRelayController(Authenticator& auth, std::vector<Upstream> instances, Logger& logger)
    : m_auth(auth), m_instances(std::move(instances)), m_logger(logger) {}

void AnalyticsRelayController::registerRoutes(HttpEndpoint& endpoint) {
    endpoint.route(QStringLiteral("/api/v1/analytics/me"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest& request) {
                       const Session session = m_auth.require(request);
                       return relay(Answer::User, QStringLiteral("/api/v1/analytics/users/") +
                                                      QString::fromStdString(session.username));
                   });
    endpoint.route(QStringLiteral("/api/v1/analytics/summary"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest& request) {
                       m_auth.require(request);
                       return relay(Answer::Summary, QStringLiteral("/api/v1/analytics/summary"));
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
                       return relay(Answer::Series, QStringLiteral("/api/v1/analytics/timeseries?") +
                                                        forwarded.toString(QUrl::FullyEncoded));
                   });
}

QHttpServerResponse AnalyticsRelayController::relay(Answer answer, const QString& pathAndQuery) {
    if (m_instances.size() > 1)
        return merge(answer, pathAndQuery);
    const auto reply = m_instances.front()(pathAndQuery);
    if (reply && reply->status == 401) // its service token, not the user's: nothing the user can mend
        m_logger.error("platform-api", "user analytics refused the service token", {});
    if (!reply || reply->status == 401)
        unavailable();
    return jsonResponse(reply->body, static_cast<QHttpServerResponse::StatusCode>(reply->status));
}

QHttpServerResponse AnalyticsRelayController::merge(Answer answer, const QString& pathAndQuery) {
    const QString path =
        answer == Answer::Summary ? pathAndQuery + QStringLiteral("?top=%1").arg(kMergedTop) : pathAndQuery;
    // An instance that cannot be reached owns its partitions until the group's session timeout
    // hands them to the others: until then the merge lacks them (docs/operations.md).
    std::vector<std::string> answers;
    std::optional<UpstreamClient::Reply> refusal;
    bool reached = false;
    for (const Upstream& instance : m_instances) {
        const auto reply = instance(path);
        if (reply && reply->status == 401)
            m_logger.error("platform-api", "user analytics refused the service token", {});
        if (!reply || reply->status == 401)
            continue;
        reached = true;
        if (reply->status == 200)
            answers.push_back(reply->body.toStdString());
        else if (!refusal)
            refusal = reply; // a 404 (nothing of the user there) or a 400 every instance gives alike
    }
    if (!reached)
        unavailable();
    if (answers.empty())
        return jsonResponse(refusal->body, static_cast<QHttpServerResponse::StatusCode>(refusal->status));
    const bool money =
        QUrlQuery(QUrl(pathAndQuery)).queryItemValue(QStringLiteral("metric")) == QStringLiteral("notional");
    const auto merged =
        answer == Answer::User ? AnalyticsMerge::users(answers)
        : answer == Answer::Summary
            ? AnalyticsMerge::summaries(answers)
            : AnalyticsMerge::series(answers, money ? AnalyticsMerge::Values::Money : AnalyticsMerge::Values::Counts);
    if (!merged) {
        m_logger.error("platform-api", "user analytics answers cannot be merged", {{"error", merged.error()}});
        throw HttpError(QHttpServerResponse::StatusCode::BadGateway,
                        QStringLiteral("user analytics answered what cannot be merged"));
    }
    return jsonResponse(QByteArray::fromStdString(merged.value()));
}

} // namespace kse
