#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "http/metrics_registry.h"
#include "kafka/consumer.h"
#include "contract/dead_letter_writer.h"
#include "kafka/message_sink.h"
#include "log/logger.h"
#include "service/worker_thread.h"
#include "platform_api/market_store.h"

namespace kse {

// Reads every partition of `stock-aggregates` (no group: each platform instance needs all
// symbols) on a thread of its own into the Market DB, resuming from the offsets stored with
// the candles. A new Market DB starts at the beginning, so the history the topic still holds
// becomes the charts' history.
class MarketFeed {
public:
    struct Options {
        std::string brokers;
        std::size_t maxBatch = 20'000;
        std::int64_t keepSecondsMs = 86'400'000; // 1-second candles are kept for a day
        std::function<std::int64_t()> clock;
    };

    MarketFeed(Options options, MarketStore& store, MessageSink& producer, MetricsRegistry& metrics, Logger& logger);
    ~MarketFeed();

    void start();
    void stop();
    std::optional<std::string> failure() const;

private:
    void run();
    void flush();

    Options m_options;
    MarketStore& m_store;
    DeadLetterWriter m_deadLetters;
    Logger& m_logger;
    std::unique_ptr<Consumer> m_consumer;
    MarketStore::Batch m_batch;
    std::int64_t m_lastPrune = 0;
    MetricsRegistry::Counter& m_candles;
    MetricsRegistry::Counter& m_deadLettered;
    WorkerThread m_loop; // last: its thread is joined before anything it uses goes
};

} // namespace kse
