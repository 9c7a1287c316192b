#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "contract/consumer_groups.h"
#include "http/metrics_registry.h"
#include "kafka/message_sink.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"
#include "service/consumer_worker.h"
#include "user_analytics/analytics_model.h"
#include "user_analytics/analytics_store.h"

namespace kse {

// Consumes `user-activity`, `order-events` and `trades` (group user-analytics) into the
// analytics database. Exactly once per partition: a batch's counters of each partition and its
// next offset are one transaction, and every assignment resumes from the stored offsets (a
// partition never read from the beginning). The store answers only for the partitions assigned.
class AnalyticsWorker final : public ConsumerWorker {
public:
    struct Options {
        std::string groupId = groups::kUserAnalytics;
        std::string instanceId; // group.instance.id on a real cluster (see memberIdentity)
        std::size_t maxBatch = 100'000;
    };

    AnalyticsWorker(const Options& options, MessageSourceFactory& sources, AnalyticsStore& store, MessageSink& producer,
                    MetricsRegistry& metrics, Logger& logger);
    ~AnalyticsWorker() override { stop(); }

private:
    void resume(MessageSource& source, std::vector<TopicPartitionOffset>& partitions) override;
    void revoked(const std::vector<TopicPartitionOffset>& partitions) override;
    void stopped() override;
    std::optional<std::string> apply(const SourceMessage& message) override;
    bool store(MessageSource& source, const std::vector<TopicPartitionOffset>& next) override;
    void discard() override;

    AnalyticsStore& m_store;
    AnalyticsModel m_model;
    std::size_t m_pending = 0;
    MetricsRegistry::Counter& m_events;
    MetricsRegistry::Counter& m_deadLettered;
    MetricsRegistry::Counter& m_flushes;
    std::set<PartId> m_owned;
    // Read by the metrics gauge, which may outlive the worker.
    std::shared_ptr<std::atomic<std::int64_t>> m_ownedCount = std::make_shared<std::atomic<std::int64_t>>(0);
};

} // namespace kse
