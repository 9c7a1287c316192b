#include "service/kafka_metrics.h"

namespace kse {

void registerProducerMetrics(MetricsRegistry& metrics, const Producer& producer) {
    metrics.gauge("kse_kafka_produced_total", "Messages the brokers acknowledged",
                  [&producer] { return static_cast<double>(producer.delivered()); });
    metrics.gauge("kse_kafka_produce_failed_total", "Messages whose delivery failed after being accepted",
                  [&producer] { return static_cast<double>(producer.failed()); });
    metrics.gauge("kse_kafka_produce_refused_total", "Messages refused at once (backlog full or brokers down)",
                  [&producer] { return static_cast<double>(producer.rejected()); });
    metrics.gauge("kse_kafka_queue_depth", "Messages waiting in the producer's bounded backlog",
                  [&producer] { return static_cast<double>(producer.queueDepth()); });
    metrics.gauge("kse_kafka_brokers_reachable", "1 when the brokers answer, 0 when none does",
                  [&producer] { return producer.brokersReachable() ? 1.0 : 0.0; });
}

} // namespace kse
