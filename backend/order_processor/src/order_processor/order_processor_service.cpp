#include "order_processor/order_processor_service.h"

#include <QDateTime>
#include <QDir>

#include "order_processor/order_event_codec.h"

namespace kse {
namespace {

OrderProcessorWorker::Options workerOptions(const BackendOptions& options, const QString& brokers, bool transactional) {
    OrderProcessorWorker::Options out;
    out.brokers = brokers.toStdString();
    out.kafkaProperties = options.kafkaProperties;
    out.transactional = transactional;
    out.instanceId = memberIdentity(options, QStringLiteral("order-processor"));
    out.clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    return out;
}

} // namespace

OrderProcessorService::OrderProcessorService(const BackendOptions& options, const QString& brokers,
                                             MessageSourceFactory& sources, bool transactional, Logger& logger)
    : m_endpoint(QStringLiteral("order-processor"), m_metrics, logger,
                 endpointOptions(options, QStringLiteral("order-processor")))
    , m_store(databasePath(options, QStringLiteral("order-processor.db")))
    , m_queries(databasePath(options, QStringLiteral("order-processor.db")))
    , m_controller(m_depth, m_queries)
    , m_worker(workerOptions(options, brokers, transactional), sources, m_store, m_depth, m_metrics, logger) {
    m_endpoint.setHealthProbe([this]() -> std::optional<QString> {
        if (auto failure = m_worker.failure())
            return QString::fromStdString(*failure);
        if (!m_worker.brokersReachable())
            return QStringLiteral("Kafka is unreachable");
        return std::nullopt;
    });
    m_controller.registerRoutes(m_endpoint);
}

OrderProcessorService::~OrderProcessorService() { stop(); }

quint16 OrderProcessorService::start(const QHostAddress& address, quint16 port) {
    const quint16 bound = m_endpoint.listen(address, port);
    m_worker.start();
    return bound;
}

void OrderProcessorService::stop() { m_worker.stop(); }

std::optional<std::string> OrderProcessorService::bookJson(const std::string& symbol, int depth) const {
    const auto found = m_depth.get(symbol, static_cast<std::size_t>(depth));
    if (!found.owned)
        return std::nullopt;
    return encodeBook(symbol, found.book);
}

} // namespace kse
