#pragma once

#include <QHostAddress>
#include <memory>

#include "http/http_endpoint.h"
#include "http/metrics_registry.h"
#include "kafka/producer.h"
#include "log/logger.h"
#include "service/backend_options.h"
#include "stock_ingestor/simulator_driver.h"
#include "stocks/stock_controller.h"
#include "stocks/tick_publisher.h"

namespace kse {

// The stock ingestor wired together: HTTP API and optional simulator → stock-ingress.
class StockIngestorService {
public:
    static constexpr quint16 kDefaultPort = 8082;

    StockIngestorService(const BackendOptions& options, Producer& producer, Logger& logger);
    // Listens on the configured address; returns the port.
    quint16 start(const QHostAddress& address, quint16 port);

private:
    MetricsRegistry m_metrics;
    HttpEndpoint m_endpoint;
    TickPublisher m_publisher;
    StockController m_controller;
    std::unique_ptr<SimulatorDriver> m_simulator;
};

} // namespace kse
