#include "user_analytics/user_analytics_service.h"

#include <QDateTime>

namespace kse {
namespace {

AnalyticsWorker::Options workerOptions(const BackendOptions& backend) {
    AnalyticsWorker::Options options;
    // Static membership on a real cluster only: the embedded one starts afresh with the process.
    if (!backend.brokers.isEmpty())
        options.instanceId = memberIdentity(backend, QStringLiteral("user-analytics"));
    return options;
}

} // namespace

UserAnalyticsService::UserAnalyticsService(const BackendOptions& options, MessageSourceFactory& sources,
                                           MessageSink& producer, Logger& logger)
    : m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_endpoint(QStringLiteral("user-analytics"), m_metrics, logger,
                 endpointOptions(options, QStringLiteral("user-analytics")))
    , m_store(databasePath(options, QStringLiteral("user-analytics.db")))
    , m_queries(databasePath(options, QStringLiteral("user-analytics.db")))
    , m_controller(m_queries, m_clock)
    , m_relayQueries(databasePath(options, QStringLiteral("user-analytics.db")))
    , m_relayController(m_relayQueries, m_clock)
    , m_worker(workerOptions(options), sources, m_store, producer, m_metrics, logger) {
    m_endpoint.setHealthProbe([this]() -> std::optional<QString> {
        if (auto failure = m_worker.failure())
            return QString::fromStdString(*failure);
        return std::nullopt;
    });
    m_controller.registerRoutes(m_endpoint);
}

UserAnalyticsService::~UserAnalyticsService() { stop(); }

quint16 UserAnalyticsService::start(const QHostAddress& address, quint16 port) {
    const quint16 bound = m_endpoint.listen(address, port);
    m_worker.start();
    return bound;
}

void UserAnalyticsService::stop() { m_worker.stop(); }

UpstreamClient::Reply UserAnalyticsService::answer(const QString& pathAndQuery) {
    const std::lock_guard lock(m_relayMutex);
    return m_relayController.answer(pathAndQuery);
}

} // namespace kse
