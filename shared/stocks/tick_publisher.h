#pragma once

#include <span>

#include "domain/tick.h"
#include "http/metrics_registry.h"
#include "kafka/message_sink.h"

namespace kse {

// Puts ticks on `stock-ingress`, keyed by symbol. A batch goes whole or not at all.
class TickPublisher {
public:
    TickPublisher(MessageSink& sink, MetricsRegistry& metrics);

    ProduceStatus publish(const Tick& tick);
    ProduceStatus publishAll(std::span<const Tick> ticks);

private:
    ProduceStatus produce(const Tick& tick);

    MessageSink& m_sink;
    MetricsRegistry::Counter& m_published;
};

} // namespace kse
