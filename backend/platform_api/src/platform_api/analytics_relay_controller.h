#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <functional>
#include <optional>
#include <vector>

#include "http/http_endpoint.h"
#include "http/upstream_client.h"
#include "log/logger.h"
#include "platform_api/authenticator.h"

namespace kse {

// GET /api/v1/analytics/me, /summary and /timeseries for signed-in users: relayed to user
// analytics, which answers only the platform (its service token) on a deployment's network.
// Several instances split the partitions and each answers for its own: every instance is asked
// and their answers merged (AnalyticsMerge) into the one a single instance would give.
class AnalyticsRelayController {
public:
    // GET of user analytics' API by path and query: its answer, or nothing when it cannot be reached.
    using Upstream = std::function<std::optional<UpstreamClient::Reply>(const QString& pathAndQuery)>;
    // How many symbols of each top list a merge asks every instance for: a symbol's views are
    // spread over the instances (they follow the users), so the top ten of the sum need more
    // than each one's top ten.
    static constexpr int kMergedTop = 10'000;

    AnalyticsRelayController(Authenticator& auth, std::vector<Upstream> instances, Logger& logger);
    void registerRoutes(HttpEndpoint& endpoint);

private:
    enum class Answer { User, Summary, Series };
    QHttpServerResponse relay(Answer answer, const QString& pathAndQuery);
    QHttpServerResponse merge(Answer answer, const QString& pathAndQuery);

    Authenticator& m_auth;
    std::vector<Upstream> m_instances;
    Logger& m_logger;
};

} // namespace kse
