#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "http/metrics_registry.h"
#include "kafka/consumer.h"
#include "contract/dead_letter_writer.h"
#include "kafka/message_sink.h"
#include "log/logger.h"
#include "service/worker_thread.h"
#include "user_analytics/analytics_model.h"
#include "user_analytics/analytics_store.h"

namespace kse {

// Consumes `user-activity`, `order-events` and `trades` (group user-analytics) into the
// analytics database. Exactly once: a batch's counters and the next offsets are one transaction,
// and every assignment resumes from the stored offsets (a new database from the beginning).
class AnalyticsWorker {
public:
    struct Options {
        std::string brokers;
        std::string groupId = "user-analytics";
        std::string instanceId; // group.instance.id on a real cluster (see memberIdentity)
        std::size_t maxBatch = 100'000;
    };

    AnalyticsWorker(Options options, AnalyticsStore& store, MessageSink& producer, MetricsRegistry& metrics,
                    Logger& logger);
    ~AnalyticsWorker();

    void start();
    void stop();
    std::optional<std::string> failure() const;

private:
    void run();
    void handle(const RdKafka::Message& message);
    void flush();
    void onAssigned(std::vector<TopicPartitionOffset>& partitions);

    Options m_options;
    AnalyticsStore& m_store;
    AnalyticsModel m_model;
    DeadLetterWriter m_deadLetters;
    Logger& m_logger;
    std::unique_ptr<Consumer> m_consumer;
    std::map<std::pair<std::string, std::int32_t>, std::int64_t> m_next; // unstored offsets
    std::size_t m_pending = 0;
    MetricsRegistry::Counter& m_events;
    MetricsRegistry::Counter& m_deadLettered;
    MetricsRegistry::Counter& m_flushes;
    WorkerThread m_loop; // last: its thread is joined before anything it uses goes
};

} // namespace kse
