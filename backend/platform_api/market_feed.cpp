#include "platform_api/market_feed.h"

#include "domain/limits.h"

#include "contract/consumer_groups.h"

namespace kse {
namespace {
constexpr std::string_view kComponent = "platform-market";
constexpr std::int64_t kPruneEveryMs = 60'000;
} // namespace

MarketFeed::MarketFeed(Options options, MarketStore& store, MessageSink& producer, MetricsRegistry& metrics,
                       Logger& logger)
    : m_options(std::move(options))
    , m_store(store)
    , m_deadLetters(producer)
    , m_logger(logger)
    , m_candles(metrics.counter("kse_platform_market_candles_total", "Candles read from stock-aggregates"))
    , m_deadLettered(metrics.counter("kse_platform_market_dead_letters_total",
                                     "stock-aggregates messages sent to dead-letters"))
    , m_loop(logger, std::string(kComponent), "market feed stopped") {}

MarketFeed::~MarketFeed() { stop(); }

void MarketFeed::start() {
    Consumer::Options options;
    options.brokers = m_options.brokers;
    options.groupId = groups::kPlatformMarket; // never joined nor committed: partitions are assigned
    options.clientId = "kse-platform-api-market";
    options.extra = {{"fetch.wait.max.ms", "20"}};
    m_consumer = std::make_unique<Consumer>(options, m_logger);
    const auto stored = m_store.offsets();
    std::vector<TopicPartitionOffset> partitions;
    for (int p = 0, n = m_consumer->partitionCount(topics::kStockAggregates); p < n; ++p) {
        const auto it = stored.find(p);
        partitions.push_back({topics::kStockAggregates, p, it == stored.end() ? -1 : it->second});
    }
    m_consumer->assign(partitions);
    m_loop.start([this] { run(); });
}

void MarketFeed::stop() { m_loop.stop(); }

std::optional<std::string> MarketFeed::failure() const { return m_loop.failure(); }

void MarketFeed::run() {
    std::size_t pending = 0;
    while (!m_loop.stopping()) {
        auto message = m_consumer->poll(pending == 0 ? 50 : 0);
        if (message) {
            ++pending;
            const std::string_view payload(static_cast<const char*>(message->payload()), message->len());
            auto decoded =
                decodeAggregateMessage(payload, eventReference(message->timestamp().timestamp, m_options.clock()));
            if (decoded) {
                m_batch.candles.push_back(std::move(decoded.value()));
            } else {
                m_deadLetters.write(message->topic_name(), message->partition(), message->offset(),
                                    decoded.error(), payload);
                m_deadLettered.fetch_add(1, std::memory_order_relaxed);
            }
            m_batch.offsets[message->partition()] = message->offset() + 1;
            if (pending < m_options.maxBatch)
                continue;
        }
        flush();
        pending = 0;
    }
    flush();
    m_consumer->close();
}

void MarketFeed::flush() {
    if (!m_batch.offsets.empty()) {
        m_store.write(m_batch);
        m_candles.fetch_add(m_batch.candles.size(), std::memory_order_relaxed);
        m_batch.candles.clear();
        m_batch.offsets.clear();
    }
    const std::int64_t now = m_options.clock();
    if (now - m_lastPrune >= kPruneEveryMs) {
        m_store.forgetSecondsBefore(now - m_options.keepSecondsMs);
        m_lastPrune = now;
    }
}

} // namespace kse
