#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <functional>
#include <optional>

#include "http/http_endpoint.h"
#include "http/upstream_client.h"
#include "log/logger.h"
#include "platform_api/authenticator.h"

namespace kse {

// GET /api/v1/analytics/me, /summary and /timeseries for signed-in users: relayed to user
// analytics, which answers only the platform (its service token) on a deployment's network.
class AnalyticsRelayController {
public:
    // GET of user analytics' API by path and query: its answer, or nothing when it cannot be reached.
    using Upstream = std::function<std::optional<UpstreamClient::Reply>(const QString& pathAndQuery)>;

    AnalyticsRelayController(Authenticator& auth, Upstream analytics, Logger& logger);
    void registerRoutes(HttpEndpoint& endpoint);

private:
    QHttpServerResponse relay(const QString& pathAndQuery);

    Authenticator& m_auth;
    Upstream m_analytics;
    Logger& m_logger;
};

} // namespace kse
