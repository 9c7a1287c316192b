#pragma once

#include "http/metrics_registry.h"
#include "kafka/producer.h"

namespace kse {

// Exposes a producer's delivered/failed counts, backlog and broker reachability on /metrics.
void registerProducerMetrics(MetricsRegistry& metrics, const Producer& producer);

} // namespace kse
