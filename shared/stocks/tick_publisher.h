#pragma once

#include <chrono>
#include <mutex>
#include <span>

#include "domain/tick.h"
#include "http/metrics_registry.h"
#include "kafka/message_sink.h"

namespace kse {

// Puts ticks on `stock-ingress`, keyed by symbol. A batch is queued whole or not at all.
class TickPublisher {
public:
    // What became of ticks published for an answer that says they are stored.
    struct Stored {
        ProduceStatus queued = ProduceStatus::Queued; // not Queued: nothing was sent
        DeliveryWait::Outcome outcome = DeliveryWait::Outcome::Delivered;
        int delivered = 0; // ticks on the topic
    };

    TickPublisher(MessageSink& sink, MetricsRegistry& metrics);

    // Queued for delivery (the simulator).
    ProduceStatus publish(const Tick& tick);
    ProduceStatus publishAll(std::span<const Tick> ticks);
    // On the topic before it returns, or what went wrong (an acknowledged POST): waits up to
    // `limit` for the delivery reports.
    Stored publishStored(std::span<const Tick> ticks, std::chrono::milliseconds limit);

private:
    ProduceStatus queueAll(std::span<const Tick> ticks, const std::shared_ptr<DeliveryWait>& wait);
    ProduceStatus produce(const Tick& tick, const std::shared_ptr<DeliveryWait>& wait);

    MessageSink& m_sink;
    MetricsRegistry::Counter& m_published;
    // Checking the backlog's room and filling it is one step, whichever thread publishes.
    std::mutex m_queueing;
};

} // namespace kse
