#include "stock_ingestor/simulator_driver.h"

namespace kse {

SimulatorDriver::SimulatorDriver(MarketSimulator simulator, double ticksPerSecond, TickPublisher& publisher,
                                 MetricsRegistry& metrics, std::function<std::int64_t()> clock, QObject* parent)
    : QObject(parent)
    , m_simulator(std::move(simulator))
    , m_rate(ticksPerSecond)
    , m_publisher(publisher)
    , m_clock(std::move(clock))
    , m_dropped(metrics.counter("kse_simulator_dropped_total", "Simulated ticks Kafka could not take")) {
    m_timer.setInterval(20);
    connect(&m_timer, &QTimer::timeout, this, &SimulatorDriver::emitDue);
}

void SimulatorDriver::start() {
    m_elapsed.start();
    m_timer.start();
}

void SimulatorDriver::emitDue() {
    // Catch up to the wall clock rather than counting timer shots, so the rate holds under load.
    const double due = m_rate * static_cast<double>(m_elapsed.nsecsElapsed()) / 1e9;
    const std::int64_t now = m_clock();
    for (; m_emitted + 1 <= due; m_emitted += 1) {
        if (m_publisher.publish(m_simulator.next(now)) != ProduceStatus::Queued)
            m_dropped.fetch_add(1, std::memory_order_relaxed);
    }
}

} // namespace kse
