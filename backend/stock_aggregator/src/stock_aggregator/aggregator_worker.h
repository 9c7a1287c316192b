#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "contract/consumer_groups.h"
#include "http/metrics_registry.h"
#include "kafka/message_sink.h"
#include "kafka/message_source_factory.h"
#include "kafka/partition_ownership.h"
#include "log/logger.h"
#include "service/consumer_worker.h"
#include "stock_aggregator/aggregate_publisher.h"
#include "stock_aggregator/aggregate_store.h"
#include "stock_aggregator/candle_aggregator.h"

namespace kse {

// The aggregator's consume-aggregate-store-publish loop on a thread of its own.
//
// Exactly once: candles, statistics and the next offsets go to SQLite in one transaction; on
// start and on every assignment the consumer resumes from the stored offsets.
//
// Scale-out: when a partition arrives that another member advanced past what this one stored
// (or that it never had), its open windows are rebuilt by replay. The member seeks to the first
// message at or after the start of the current UTC session (offsetsForTimes; from the beginning,
// skipping older messages, where the cluster cannot say), forgets what it held for each symbol
// met there, and aggregates the session again. The oldest open window is the session's
// statistics, so every candle and statistic still open is rebuilt completely.
//
// One owner per symbol: a member holds a symbol's state only while it owns the partition the
// symbol is keyed to. It loads that state on assignment (or rebuilds it) and drops it on
// revocation, so a member that lost a partition publishes nothing more for it, finals included.
class AggregatorWorker final : public ConsumerWorker {
public:
    struct Options {
        std::string groupId = groups::kStockAggregator;
        std::string instanceId;             // group.instance.id on a real cluster (see memberIdentity)
        std::int64_t flushIntervalMs = 100; // at the latest, while a backlog drains
        std::size_t maxUnflushed = 50'000;
        std::int64_t publishIntervalMs = 250;
        CandleAggregator::Options core;
        std::function<std::int64_t()> clock; // milliseconds since the epoch
    };

    AggregatorWorker(Options options, MessageSourceFactory& sources, AggregateStore& store, MessageSink& producer,
                     MetricsRegistry& metrics, Logger& logger);
    // stop() stores and publishes what is pending before it leaves the group.
    ~AggregatorWorker() override { stop(); }
    // The partitions this member owns now, for the threads that answer queries.
    const PartitionOwnership& ownership() const { return m_ownership; }

private:
    void opened(MessageSource& source) override;
    void resume(MessageSource& source, std::vector<TopicPartitionOffset>& partitions) override;
    std::optional<std::string> apply(const SourceMessage& message) override;
    // Closes windows as time passes and publishes what is due.
    bool tick(std::int64_t now) override;
    bool store(MessageSource& source, const std::vector<TopicPartitionOffset>& next) override;
    void discard() override { m_batch.clear(); }
    void revoked(const std::vector<TopicPartitionOffset>& partitions) override;
    void stopped() override;
    // The partition a symbol is keyed to, the same in stock-ingress and trades.
    std::int32_t partitionOf(std::string_view symbol) const;
    // Drops what this member holds of these partitions' symbols, in memory and held back to publish.
    void release(const std::set<std::int32_t>& partitions);
    // True when the partition holds no message (false when the cluster cannot say). A failed
    // question clears `answering`, and none is asked while it is clear.
    bool empty(MessageSource& source, const TopicPartitionOffset& partition, bool& answering);
    // The group's committed offsets of these partitions (-1: none committed); nothing when the
    // cluster cannot say.
    std::optional<std::vector<std::int64_t>> groupOffsets(MessageSource& source,
                                                          const std::vector<TopicPartitionOffset>& partitions);

    Options m_options;
    AggregateStore& m_store;
    Logger& m_logger;
    AggregatePublisher m_publisher;
    CandleAggregator m_aggregator;
    std::int32_t m_partitionCount = 0; // of stock-ingress
    PartitionOwnership m_ownership;    // partitions assigned now (the HTTP thread reads it too)
    // Their number, for /metrics (read on the HTTP thread, which may outlive this worker).
    std::shared_ptr<std::atomic<std::int64_t>> m_ownedCount = std::make_shared<std::atomic<std::int64_t>>(0);

    std::set<std::int32_t> m_rebuilding; // partitions replaying their open windows
    std::set<std::string> m_forgotten;   // symbols already reset for this rebuild
    std::int64_t m_rebuildFrom = 0;
    // Partitions still replaying, up to the end offset they had when assigned.
    std::map<std::pair<std::string, std::int32_t>, std::int64_t> m_replayUntil;
    AggregateStore::Batch m_batch;
    std::int64_t m_lastAdvance = 0;
    std::int64_t m_lastPublishDue = 0;
    std::array<std::uint64_t, kIntervals.size()> m_reportedLate{};

    MetricsRegistry::Counter& m_ticks;
    MetricsRegistry::Counter& m_storedTicks;
    std::uint64_t m_ticksSinceFlush = 0;
    MetricsRegistry::Counter& m_deadLettered;
    MetricsRegistry::Counter& m_flushes;
    MetricsRegistry::Counter& m_rebuilds;
    MetricsRegistry::Counter& m_publishedCounter;
    std::array<MetricsRegistry::Counter*, kIntervals.size()> m_late{};
};

} // namespace kse
