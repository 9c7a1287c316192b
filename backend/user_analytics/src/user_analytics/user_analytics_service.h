#pragma once

#include <QHostAddress>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "http/http_endpoint.h"
#include "http/metrics_registry.h"
#include "kafka/message_sink.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"
#include "service/backend_options.h"
#include "user_analytics/analytics_controller.h"
#include "user_analytics/analytics_queries.h"
#include "user_analytics/analytics_store.h"
#include "user_analytics/analytics_worker.h"

namespace kse {

// User analytics wired together: the worker (user-activity, order-events, trades → the
// analytics database) and the HTTP API over it.
class UserAnalyticsService {
public:
    static constexpr quint16 kDefaultPort = 8081;

    UserAnalyticsService(const BackendOptions& options, MessageSourceFactory& sources, MessageSink& producer,
                         Logger& logger);
    ~UserAnalyticsService();
    quint16 start(const QHostAddress& address, quint16 port);
    void stop();

    // The answer to a GET of its API, for a platform API in the same process, from any thread:
    // it reads through a connection of its own, not the one this service's HTTP thread uses.
    UpstreamClient::Reply answer(const QString& pathAndQuery);

private:
    std::function<std::int64_t()> m_clock;
    MetricsRegistry m_metrics;
    HttpEndpoint m_endpoint;
    AnalyticsStore m_store;
    AnalyticsQueries m_queries;
    AnalyticsController m_controller;
    std::mutex m_relayMutex; // one SQLite connection, one caller at a time
    AnalyticsQueries m_relayQueries;
    AnalyticsController m_relayController;
    AnalyticsWorker m_worker;
};

} // namespace kse
