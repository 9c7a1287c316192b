#pragma once

#include <QHttpServerRequest>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "contract/aggregate_message.h"
#include "http/http_endpoint.h"
#include "http/metrics_registry.h"
#include "platform_api/authenticator.h"
#include "platform_api/settlement.h"
#include "platform_api/stream_hub.h"
#include "platform_api/stream_session.h"

namespace kse {

// GET /api/v1/stream, the platform's WebSocket (docs/stream.md): admits a signed-in user's
// connection (401 without a live session; 429 beyond maxPerUser connections of one user, 503
// beyond maxConnections in all), and publishes to the hub what settlement and the market feed
// report. Order and fill messages go out as settlement commits them; a portfolio message after
// every batch that changed the user's account.
class StreamController {
public:
    struct Options {
        StreamSession::Options session;
        int maxConnections = 10'000;
        int maxPerUser = 16;
    };
    // The user's portfolio JSON, read under the Users DB guard.
    using Portfolio = std::function<std::string(std::int64_t userId)>;

    StreamController(Options options, StreamHub& hub, Authenticator& auth, Portfolio portfolio,
                     MetricsRegistry& metrics, std::function<std::int64_t()> clock);

    void registerRoutes(HttpEndpoint& endpoint);
    // From settlement's thread, after a batch is committed.
    void settled(const Settlement::Changes& changes);
    // From the market feed's thread, after a batch of candles is stored.
    void candlesStored(const std::vector<AggregateMessage>& candles);
    // A session ended (logout): its streams are closed now, not at their next heartbeat.
    void sessionEnded(const std::string& tokenDigest);

private:
    void admit(const QHttpServerRequest& request);
    void accept(QWebSocket* socket);
    void release(std::int64_t userId, const std::string& tokenDigest, const StreamHub::Outlet* outlet);

    Options m_options;
    StreamHub& m_hub;
    Authenticator& m_auth;
    Portfolio m_portfolio;
    std::function<std::int64_t()> m_clock;
    std::mutex m_mutex;
    std::map<std::int64_t, int> m_perUser;
    std::multimap<std::string, std::weak_ptr<StreamHub::Outlet>> m_byToken; // by token digest
    std::atomic<int> m_connections{0};
    MetricsRegistry::Counter& m_refused;
};

} // namespace kse
