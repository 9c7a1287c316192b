#pragma once

#include <QUrlQuery>
#include <functional>
#include <string>

#include "http/http_endpoint.h"
#include "http/upstream_client.h"
#include "user_analytics/analytics_queries.h"

namespace kse {

// GET /api/v1/analytics/summary, /api/v1/analytics/users/{user_id} and
// /api/v1/analytics/timeseries?metric=&from=&to=, over HTTP or, for a platform API in the same
// process, through answer().
class AnalyticsController {
public:
    static constexpr std::int64_t kDefaultSeriesMinutes = 60;

    AnalyticsController(AnalyticsQueries& queries, std::function<std::int64_t()> clock);
    void registerRoutes(HttpEndpoint& endpoint);

    // The answer to a GET of `pathAndQuery`, as the HTTP API would give it.
    UpstreamClient::Reply answer(const QString& pathAndQuery);

    // Bodies; HttpError for a bad request or an unknown user.
    std::string summary(const QUrlQuery& query);
    std::string user(const QString& userId);
    std::string series(const QUrlQuery& query);

private:
    AnalyticsQueries& m_queries;
    std::function<std::int64_t()> m_clock;
};

} // namespace kse
