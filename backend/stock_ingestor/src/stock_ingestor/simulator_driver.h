#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

#include "http/metrics_registry.h"
#include "log/logger.h"
#include "stock_ingestor/market_simulator.h"
#include "stocks/tick_publisher.h"

namespace kse {

// Feeds the simulator's ticks to the publisher at a steady rate on the event loop. When Kafka
// cannot take them they are dropped and counted: a simulator has nobody to answer 503 to.
class SimulatorDriver : public QObject {
    Q_OBJECT
public:
    SimulatorDriver(MarketSimulator simulator, double ticksPerSecond, TickPublisher& publisher,
                    MetricsRegistry& metrics, std::function<std::int64_t()> clock, QObject* parent = nullptr);
    void start();

private:
    void emitDue();

    MarketSimulator m_simulator;
    double m_rate;
    TickPublisher& m_publisher;
    std::function<std::int64_t()> m_clock;
    MetricsRegistry::Counter& m_dropped;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    double m_emitted = 0;
};

} // namespace kse
