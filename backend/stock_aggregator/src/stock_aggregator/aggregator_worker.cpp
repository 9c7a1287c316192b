#include "stock_aggregator/aggregator_worker.h"

#include <limits>

#include "domain/limits.h"

#include "contract/price_event.h"
#include "contract/topics.h"
#include "kafka/kafka_error.h"
#include "kafka/key_partition.h"

namespace kse {
namespace {
constexpr std::string_view kComponent = "stock-aggregator";
constexpr std::int64_t kAdvanceEveryMs = 100;
constexpr std::int64_t kCommitEveryMs = 1'000;

ConsumerLoop::Options loopOptions(const AggregatorWorker::Options& options, MetricsRegistry::Counter& deadLettered) {
    auto loop = ConsumerLoop::Options::reporting(kComponent, "aggregation stopped", deadLettered);
    loop.source = {
        options.groupId,
        "kse-stock-aggregator",
        options.instanceId,
        true,
        // A backlog comes in fetches of up to 16 MiB a partition (librdkafka's default
        // is 1 MiB): on a real broker the worker otherwise waits for the next fetch
        // (tests/bench/README.md, "Stock aggregator service").
        {{"fetch.wait.max.ms", "5"}, {"queued.min.messages", "200000"}, {"max.partition.fetch.bytes", "16777216"}}};
    loop.topics = {topics::kStockIngress, topics::kTrades};
    loop.maxBatch = options.maxUnflushed;
    loop.maxBatchMs = options.flushIntervalMs;
    loop.idleWaitMs = 20;
    // The Stocks DB is where this member resumes; committing to Kafka tells the other members
    // (and lag monitors) how far it got.
    loop.commitEveryMs = kCommitEveryMs;
    loop.clock = options.clock;
    return loop;
}
} // namespace

AggregatorWorker::AggregatorWorker(Options options, MessageSourceFactory& sources, AggregateStore& store,
                                   MessageSink& producer, MetricsRegistry& metrics, Logger& logger)
    : m_options(std::move(options))
    , m_store(store)
    , m_logger(logger)
    , m_publisher(producer, m_options.publishIntervalMs)
    , m_aggregator(m_options.core)
    , m_ticks(metrics.counter("kse_aggregator_ticks_total", "Prices aggregated (ticks and trades)"))
    , m_storedTicks(metrics.counter("kse_aggregator_stored_ticks_total",
                                    "Prices aggregated and stored with their offsets in the Stocks DB"))
    , m_deadLettered(metrics.counter("kse_aggregator_dead_letters_total", "Messages sent to dead-letters"))
    , m_flushes(metrics.counter("kse_aggregator_flushes_total", "Transactions written to the Stocks DB"))
    , m_rebuilds(metrics.counter("kse_aggregator_rebuilds_total", "Partitions whose open windows were replayed"))
    , m_publishedCounter(metrics.counter("kse_aggregator_published_total", "Candles put on stock-aggregates")) {
    metrics.gauge("kse_aggregator_partitions", "Partitions of stock-ingress (and trades) this member owns now",
                  [owned = m_ownedCount] { return static_cast<double>(owned->load(std::memory_order_relaxed)); });
    makeLoop(loopOptions(m_options, m_deadLettered), sources, producer, metrics, logger);
    for (const Interval interval : kIntervals)
        m_late[static_cast<std::size_t>(interval)] =
            &metrics.counter("kse_aggregator_late_ticks_total",
                             "Ticks older than every kept candle of an interval (counted, not applied there)",
                             {{"interval", std::string(intervalName(interval))}});
}

void AggregatorWorker::opened(MessageSource& source) {
    m_partitionCount = source.partitionCount(std::string(topics::kStockIngress));
    m_ownership.setPartitionCount(m_partitionCount);
    const int trades = source.partitionCount(std::string(topics::kTrades));
    if (m_partitionCount != trades)
        m_logger.error(kComponent,
                       "stock-ingress and trades must have as many partitions: a symbol's trades are "
                       "refused where they are not on its stock-ingress partition",
                       {{"stock-ingress", std::to_string(m_partitionCount)}, {"trades", std::to_string(trades)}});
}

std::int32_t AggregatorWorker::partitionOf(std::string_view symbol) const {
    return m_partitionCount > 0 ? keyPartition(symbol, m_partitionCount) : 0;
}

void AggregatorWorker::release(const std::set<std::int32_t>& partitions) {
    for (const std::string& symbol : m_aggregator.symbols())
        if (partitions.contains(partitionOf(symbol))) {
            m_aggregator.release(symbol);
            m_publisher.release(symbol);
        }
}

std::optional<std::string> AggregatorWorker::apply(const SourceMessage& message) {
    const std::string_view key = message.hasKey ? std::string_view(message.key) : std::string_view();
    const auto ts = message.timestamp;
    if (!m_replayUntil.empty())
        if (auto replay = m_replayUntil.find({message.topic, message.partition}); replay != m_replayUntil.end()) {
            if (message.offset + 1 >= replay->second)
                m_replayUntil.erase(replay);
            if (ts >= 0 && ts < m_rebuildFrom - m_options.core.latenessMs)
                return std::nullopt; // before the session being rebuilt: its windows are closed and stored
        }
    const std::int64_t reference = eventReference(ts, m_options.clock());
    auto event = message.topic == topics::kTrades ? decodeTrade(message.value, reference)
                                                  : decodeIngress(key, message.value, reference);
    if (!event)
        return event.error();
    PriceEvent& e = event.value();
    // A symbol's state belongs to the member that owns its partition, so a price must come on the
    // partition its symbol is keyed to.
    if (const std::int32_t home = partitionOf(e.symbol); home != message.partition)
        return "symbol " + e.symbol + " is keyed to partition " + std::to_string(home) + " of " +
               std::to_string(m_partitionCount) + ", not " + std::to_string(message.partition);
    if (m_rebuilding.contains(message.partition) && !m_forgotten.contains(e.symbol)) {
        // First sight of this symbol in the replay: drop what this member held for its
        // session, in memory now and in the Stocks DB with the next flush.
        m_aggregator.forget(e.symbol, m_rebuildFrom);
        m_batch.forgotten.emplace_back(e.symbol, m_rebuildFrom);
        m_forgotten.insert(e.symbol);
    }
    m_aggregator.apply(e.symbol, e.price, e.qty, e.ts);
    m_ticks.fetch_add(1, std::memory_order_relaxed);
    ++m_ticksSinceFlush;
    return std::nullopt;
}

bool AggregatorWorker::tick(std::int64_t now) {
    bool closed = false;
    if (now - m_lastAdvance >= kAdvanceEveryMs) {
        m_aggregator.advanceTime(now);
        m_lastAdvance = now;
        closed = true; // finals to store and publish, if any
    }
    if (now != m_lastPublishDue) { // at most once a millisecond, not once a message
        m_publisher.publishDue(now);
        m_lastPublishDue = now;
    }
    return closed;
}

bool AggregatorWorker::store(MessageSource&, const std::vector<TopicPartitionOffset>& next) {
    const std::int64_t now = m_options.clock();
    m_aggregator.drain(m_batch.candles, m_batch.stats);
    m_batch.offsets = next;
    if (!m_batch.empty()) {
        m_store.write(m_batch);
        m_flushes.fetch_add(1, std::memory_order_relaxed);
        m_storedTicks.fetch_add(m_ticksSinceFlush, std::memory_order_relaxed);
        m_ticksSinceFlush = 0;
        const auto before = m_publisher.published();
        for (const auto& change : m_batch.candles)
            m_publisher.offer(change, now);
        m_publishedCounter.fetch_add(m_publisher.published() - before, std::memory_order_relaxed);
    }
    for (const Interval interval : kIntervals) {
        const auto i = static_cast<std::size_t>(interval);
        const auto late = m_aggregator.lateTicks(interval);
        m_late[i]->fetch_add(late - m_reportedLate[i], std::memory_order_relaxed);
        m_reportedLate[i] = late;
    }
    m_batch.clear();
    return true;
}

void AggregatorWorker::stopped() {
    // Whatever ended the loop, this member answers for no symbol any more.
    m_ownership.releaseAll();
    m_ownedCount->store(0, std::memory_order_relaxed);
}

void AggregatorWorker::revoked(const std::vector<TopicPartitionOffset>& partitions) {
    std::set<std::int32_t> gone;
    for (const auto& p : partitions) {
        m_rebuilding.erase(p.partition);
        m_replayUntil.erase({p.topic, p.partition});
        gone.insert(p.partition);
        m_ownership.release(p.partition);
    }
    m_ownedCount->store(static_cast<std::int64_t>(m_ownership.size()), std::memory_order_relaxed);
    // Everything taken from them is stored: what this member holds of their symbols goes, so
    // that it publishes nothing more for them (another member owns them now).
    release(gone);
}

std::optional<std::vector<std::int64_t>>
AggregatorWorker::groupOffsets(MessageSource& source, const std::vector<TopicPartitionOffset>& partitions) {
    try {
        std::vector<std::int64_t> out(partitions.size(), -1);
        const auto committed = source.committed(partitions);
        for (std::size_t i = 0; i < partitions.size() && i < committed.size(); ++i)
            out[i] = committed[i].offset;
        return out;
    } catch (const KafkaError& error) {
        m_logger.warning(kComponent, "committed offsets unknown", {{"error", error.what()}});
        return std::nullopt;
    }
}

bool AggregatorWorker::empty(MessageSource& source, const TopicPartitionOffset& partition, bool& answering) {
    if (!answering)
        return false;
    try {
        const auto [low, high] = source.watermarks(partition.topic, partition.partition);
        return high <= low;
    } catch (const KafkaError& error) {
        m_logger.warning(kComponent, "watermarks unknown", {{"error", error.what()}});
        answering = false; // the cluster is in trouble (a leader gone): ask no more this time
        return false;
    }
}

void AggregatorWorker::resume(MessageSource& source, std::vector<TopicPartitionOffset>& partitions) {
    const auto stored = m_store.offsets();
    const auto committed = groupOffsets(source, partitions);
    // Once a question fails (a partition's leader went away and none is elected yet), the rest
    // take the answer that is safe without it, rather than each wait for the cluster in turn
    // while no partition is read.
    bool answering = true;
    std::set<std::int32_t> rebuild;
    std::set<std::int32_t> assigned;
    for (std::size_t i = 0; i < partitions.size(); ++i) {
        assigned.insert(partitions[i].partition);
        const auto it = stored.find({partitions[i].topic, partitions[i].partition});
        // Behind: the group got further than this member stored. A partition it never stored is
        // rebuilt unless it is empty (a quiet topic's), which is simply read from its beginning.
        const bool behind = it == stored.end()
                                ? !committed || (*committed)[i] > 0 || !empty(source, partitions[i], answering)
                                : committed && (*committed)[i] > it->second;
        if (behind)
            rebuild.insert(partitions[i].partition);
        else if (it != stored.end())
            partitions[i].offset = it->second;
    }
    for (const std::int32_t partition : assigned)
        m_ownership.own(partition);
    m_ownedCount->store(static_cast<std::int64_t>(m_ownership.size()), std::memory_order_relaxed);
    // The open windows of the symbols these partitions carry: from the Stocks DB where this member
    // was the last to store them, else rebuilt by the replay below. Nothing held before counts.
    release(assigned);
    m_store.loadInto(m_aggregator, m_options.core.keptCandles, [&](std::string_view symbol) {
        const std::int32_t partition = partitionOf(symbol);
        return assigned.contains(partition) && !rebuild.contains(partition);
    });
    if (rebuild.empty())
        return;

    // Replay from the start of the session (UTC midnight), less the lateness allowed.
    const std::int64_t now = m_options.clock();
    m_rebuildFrom = now - now % SessionStats::kDayMs;
    std::vector<TopicPartitionOffset> times;
    for (const auto& p : partitions) {
        if (!rebuild.contains(p.partition))
            continue;
        // Where the replay ends: up to there, what is older than the session is skipped. Not
        // known (the cluster did not answer): skipped throughout, so a price older than the
        // session is dropped rather than counted late.
        std::int64_t until = std::numeric_limits<std::int64_t>::max();
        if (answering) {
            try {
                until = source.watermarks(p.topic, p.partition).second;
            } catch (const KafkaError& error) {
                m_logger.warning(kComponent, "watermarks unknown", {{"error", error.what()}});
                answering = false;
            }
        }
        m_replayUntil[{p.topic, p.partition}] = until;
        times.push_back({p.topic, p.partition, m_rebuildFrom - m_options.core.latenessMs});
    }
    std::vector<TopicPartitionOffset> found;
    if (!times.empty() && answering) {
        try {
            found = source.offsetsForTimes(times);
        } catch (const KafkaError& error) {
            m_logger.warning(kComponent, "offsets for the session unknown", {{"error", error.what()}});
        }
    }
    for (auto& p : partitions) {
        if (!rebuild.contains(p.partition))
            continue;
        // No answer (-1, or none at all): nothing that recent, a cluster that cannot look times
        // up (the embedded one), or one in trouble. Reading from the start and skipping what is
        // older than the session is right either way; it only costs a scan.
        p.offset = offsets::kBeginning;
        for (const auto& t : found)
            if (t.topic == p.topic && t.partition == p.partition && t.offset >= 0)
                p.offset = t.offset;
    }
    m_forgotten.clear();
    for (std::int32_t partition : rebuild)
        m_rebuilding.insert(partition);
    m_rebuilds.fetch_add(rebuild.size(), std::memory_order_relaxed);
    m_logger.info(kComponent, "rebuilding open windows by replay",
                  {{"partitions", std::to_string(rebuild.size())}, {"from", std::to_string(m_rebuildFrom)}});
}

} // namespace kse
