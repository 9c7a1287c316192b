#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/metrics_registry.h"
#include "kafka/message_sink.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"
#include "platform_api/market_store.h"
#include "service/consumer_worker.h"

namespace kse {

// Reads every partition of `stock-aggregates` (no group: each platform instance needs all
// symbols) on a thread of its own into the Market DB, resuming from the offsets stored with
// the candles. A new Market DB starts at the beginning, so the history the topic still holds
// becomes the charts' history.
class MarketFeed final : public ConsumerWorker {
public:
    struct Options {
        std::size_t maxBatch = 20'000;
        std::int64_t keepSecondsMs = 86'400'000; // 1-second candles are kept for a day
        std::function<std::int64_t()> clock;
        // Told of each batch's candles once they are stored (on the feed's thread).
        std::function<void(const std::vector<AggregateMessage>&)> stored;
    };

    MarketFeed(Options options, MessageSourceFactory& sources, MarketStore& store, MessageSink& producer,
               MetricsRegistry& metrics, Logger& logger);
    ~MarketFeed() override { stop(); }

private:
    void resume(MessageSource& source, std::vector<TopicPartitionOffset>& partitions) override;
    std::optional<std::string> apply(const SourceMessage& message) override;
    bool tick(std::int64_t now) override;
    bool store(MessageSource& source, const std::vector<TopicPartitionOffset>& next) override;
    void discard() override { m_batch.candles.clear(); }

    Options m_options;
    MarketStore& m_store;
    MarketStore::Batch m_batch;
    std::int64_t m_lastPrune = 0;
    MetricsRegistry::Counter& m_candles;
    MetricsRegistry::Counter& m_deadLettered;
};

} // namespace kse
