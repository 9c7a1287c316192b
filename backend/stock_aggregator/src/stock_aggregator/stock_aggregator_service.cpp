#include "stock_aggregator/stock_aggregator_service.h"

#include <QDateTime>
#include <QDir>

#include "service/kafka_metrics.h"

namespace kse {
namespace {

AggregatorWorker::Options workerOptions(const BackendOptions& backend) {
    AggregatorWorker::Options options;
    options.clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    // Static membership on a real cluster only: the embedded one starts afresh with the process.
    if (!backend.brokers.isEmpty())
        options.instanceId = memberIdentity(backend, QStringLiteral("stock-aggregator"));
    return options;
}

} // namespace

StockAggregatorService::StockAggregatorService(const BackendOptions& options, MessageSourceFactory& sources,
                                               Producer& producer, Logger& logger)
    : m_endpoint(QStringLiteral("stock-aggregator"), m_metrics, logger,
                 endpointOptions(options, QStringLiteral("stock-aggregator")))
    , m_store(databasePath(options, QStringLiteral("stock-aggregator.db")))
    , m_queries(databasePath(options, QStringLiteral("stock-aggregator.db")))
    , m_worker(workerOptions(options), sources, m_store, producer, m_metrics, logger)
    , m_ownedQueries(m_queries, m_worker.ownership())
    , m_controller(m_ownedQueries) {
    registerProducerMetrics(m_metrics, producer);
    m_endpoint.setHealthProbe([this, &producer]() -> std::optional<QString> {
        if (auto failure = m_worker.failure())
            return QString::fromStdString(*failure);
        if (!producer.brokersReachable())
            return QStringLiteral("Kafka is unreachable");
        return std::nullopt;
    });
    m_controller.registerRoutes(m_endpoint);
}

StockAggregatorService::~StockAggregatorService() { stop(); }

quint16 StockAggregatorService::start(const QHostAddress& address, quint16 port) {
    const quint16 bound = m_endpoint.listen(address, port);
    m_worker.start();
    return bound;
}

void StockAggregatorService::stop() { m_worker.stop(); }

} // namespace kse
