#include "platform_api/market_feed.h"

#include "domain/limits.h"

#include "contract/consumer_groups.h"

namespace kse {
namespace {
constexpr std::string_view kComponent = "platform-market";
constexpr std::int64_t kPruneEveryMs = 60'000;

ConsumerLoop::Options loopOptions(const MarketFeed::Options& options, MetricsRegistry::Counter& deadLettered) {
    auto loop = ConsumerLoop::Options::reporting(kComponent, "market feed stopped", deadLettered);
    // Never joined nor committed: the partitions are assigned.
    loop.source = {groups::kPlatformMarket, "kse-platform-api-market", "", true, {{"fetch.wait.max.ms", "20"}}};
    loop.topics = {topics::kStockAggregates};
    loop.group = false;
    loop.maxBatch = options.maxBatch;
    loop.commitEveryMs = -1;
    loop.clock = options.clock;
    return loop;
}
} // namespace

MarketFeed::MarketFeed(Options options, MessageSourceFactory& sources, MarketStore& store, MessageSink& producer,
                       MetricsRegistry& metrics, Logger& logger)
    : m_options(std::move(options))
    , m_store(store)
    , m_candles(metrics.counter("kse_platform_market_candles_total", "Candles read from stock-aggregates"))
    , m_deadLettered(
          metrics.counter("kse_platform_market_dead_letters_total", "stock-aggregates messages sent to dead-letters")) {
    makeLoop(loopOptions(m_options, m_deadLettered), sources, producer, metrics, logger);
}

void MarketFeed::resume(MessageSource&, std::vector<TopicPartitionOffset>& partitions) {
    const auto stored = m_store.offsets();
    for (auto& p : partitions)
        if (const auto it = stored.find(p.partition); it != stored.end())
            p.offset = it->second;
}

std::optional<std::string> MarketFeed::apply(const SourceMessage& message) {
    auto decoded = decodeAggregateMessage(message.value, eventReference(message.timestamp, m_options.clock()));
    if (!decoded)
        return decoded.error();
    m_batch.candles.push_back(std::move(decoded.value()));
    return std::nullopt;
}

bool MarketFeed::tick(std::int64_t now) {
    if (now - m_lastPrune >= kPruneEveryMs) {
        m_store.forgetSecondsBefore(now - m_options.keepSecondsMs);
        m_lastPrune = now;
    }
    return false;
}

bool MarketFeed::store(MessageSource&, const std::vector<TopicPartitionOffset>& next) {
    for (const auto& offset : next)
        m_batch.offsets[offset.partition] = offset.offset;
    m_store.write(m_batch);
    m_candles.fetch_add(m_batch.candles.size(), std::memory_order_relaxed);
    if (m_options.stored)
        m_options.stored(m_batch.candles);
    m_batch.candles.clear();
    m_batch.offsets.clear();
    return true;
}

} // namespace kse
