#include "user_analytics/analytics_controller.h"

#include <QUrl>
#include <limits>

#include "codec/json_writer.h"
#include "http/http_error.h"
#include "http/query_parameters.h"

namespace kse {
namespace {

constexpr std::int64_t kMinute = 60'000;
const QString kUsersPath = QStringLiteral("/api/v1/analytics/users/");

QHttpServerResponse json(const std::string& body) { return jsonResponse(QByteArray::fromStdString(body)); }

} // namespace

AnalyticsController::AnalyticsController(AnalyticsQueries& queries, std::function<std::int64_t()> clock)
    : m_queries(queries), m_clock(std::move(clock)) {}

void AnalyticsController::registerRoutes(HttpEndpoint& endpoint) {
    using M = QHttpServerRequest::Method;
    endpoint.route(QStringLiteral("/api/v1/analytics/summary"), M::Get,
                   [this](const QHttpServerRequest& r) { return json(summary(QUrlQuery(r.url()))); });
    endpoint.route(QStringLiteral("/api/v1/analytics/users/<arg>"), M::Get,
                   [this](const QString& id, const QHttpServerRequest&) { return json(user(id)); });
    endpoint.route(QStringLiteral("/api/v1/analytics/timeseries"), M::Get,
                   [this](const QHttpServerRequest& r) { return json(series(QUrlQuery(r.url()))); });
}

UpstreamClient::Reply AnalyticsController::answer(const QString& pathAndQuery) {
    const QUrl url(pathAndQuery);
    const QString path = url.path();
    try {
        std::string body;
        if (path == QStringLiteral("/api/v1/analytics/summary"))
            body = summary(QUrlQuery(url));
        else if (path.startsWith(kUsersPath))
            body = user(path.mid(kUsersPath.size()));
        else if (path == QStringLiteral("/api/v1/analytics/timeseries"))
            body = series(QUrlQuery(url));
        else
            throw HttpError::notFound(QStringLiteral("no such analytics"));
        return {200, QByteArrayLiteral("application/json"), QByteArray::fromStdString(body)};
    } catch (const HttpError& error) {
        return {static_cast<int>(error.status()), QByteArrayLiteral("application/json"),
                QByteArray::fromStdString(JsonWriter().field("error", error.message().toStdString()).finish())};
    }
}

std::string AnalyticsController::summary(const QUrlQuery& query) {
    // More than the ten symbols of each list for a platform that merges several members' lists.
    const std::int64_t top = integerParameter(query, QStringLiteral("top"), 1, AnalyticsQueries::kMaxTop)
                                 .value_or(AnalyticsQueries::kDefaultTop);
    return m_queries.summary(m_clock(), top);
}

std::string AnalyticsController::user(const QString& userId) {
    auto found = m_queries.user(userId.toStdString());
    if (!found)
        throw HttpError::notFound(QStringLiteral("no activity of user %1 yet").arg(userId));
    return std::move(*found);
}

std::string AnalyticsController::series(const QUrlQuery& query) {
    const std::string metric = query.queryItemValue(QStringLiteral("metric")).toStdString();
    if (!AnalyticsQueries::knownMetric(metric))
        throw HttpError::badRequest(
            QStringLiteral("metric must be one of active_users, logins, views, orders_placed, cancel_requests, "
                           "orders_filled, orders_cancelled, orders_rejected, trades, volume, notional"));
    const std::int64_t max = std::numeric_limits<std::int64_t>::max() / 2;
    const std::int64_t to = integerParameter(query, QStringLiteral("to"), 0, max).value_or(m_clock());
    const std::int64_t from = integerParameter(query, QStringLiteral("from"), 0, max)
                                  .value_or(std::max<std::int64_t>(0, to - (kDefaultSeriesMinutes - 1) * kMinute));
    if (from > to)
        throw HttpError::badRequest(QStringLiteral("from must not be after to"));
    if ((to - from) / kMinute >= AnalyticsQueries::kMaxSeriesMinutes)
        throw HttpError::badRequest(QStringLiteral("a series spans at most 7 days"));
    return *m_queries.series(metric, from, to);
}

} // namespace kse
