#include "stock_ingestor/stock_ingestor_service.h"

#include <QDateTime>
#include <random>

#include "service/kafka_metrics.h"

namespace kse {
namespace {
std::int64_t nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
} // namespace

StockIngestorService::StockIngestorService(const BackendOptions& options, Producer& producer, Logger& logger)
    : m_endpoint(QStringLiteral("stock-ingestor"), m_metrics, logger,
                 endpointOptions(options, QStringLiteral("stock-ingestor")))
    , m_publisher(producer, m_metrics)
    , m_controller(m_publisher, m_metrics, nowMs) {
    registerProducerMetrics(m_metrics, producer);
    m_endpoint.setHealthProbe([&producer]() -> std::optional<QString> {
        if (!producer.brokersReachable())
            return QStringLiteral("Kafka is unreachable");
        return std::nullopt;
    });
    m_controller.registerRoutes(m_endpoint);

    std::vector<std::string> symbols;
    for (const QString& symbol : options.simulateSymbols)
        symbols.push_back(symbol.toStdString());
    if (symbols.empty() && options.simulateCount > 0)
        symbols = MarketSimulator::symbols(options.simulateCount);
    if (!symbols.empty()) {
        const auto count = symbols.size();
        m_simulator = std::make_unique<SimulatorDriver>(MarketSimulator(std::move(symbols), std::random_device{}()),
                                                        options.simulateRate, m_publisher, m_metrics, nowMs);
        logger.info("stock-ingestor", "market simulator on",
                    {{"symbols", std::to_string(count)}, {"rate", std::to_string(options.simulateRate)}});
    }
}

quint16 StockIngestorService::start(const QHostAddress& address, quint16 port) {
    const quint16 bound = m_endpoint.listen(address, port);
    if (m_simulator)
        m_simulator->start();
    return bound;
}

} // namespace kse
