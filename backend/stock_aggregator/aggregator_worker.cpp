#include "stock_aggregator/aggregator_worker.h"

#include "domain/limits.h"

#include <algorithm>

#include "kafka/kafka_error.h"
#include "contract/topics.h"
#include "contract/price_event.h"

namespace kse {
namespace {
constexpr std::string_view kComponent = "stock-aggregator";
constexpr std::int64_t kAdvanceEveryMs = 100;
constexpr std::int64_t kCommitEveryMs = 1'000;
} // namespace

AggregatorWorker::AggregatorWorker(Options options, AggregateStore& store, MessageSink& producer,
                                   MetricsRegistry& metrics, Logger& logger)
    : m_options(std::move(options))
    , m_store(store)
    , m_logger(logger)
    , m_deadLetters(producer)
    , m_publisher(producer, m_options.publishIntervalMs)
    , m_aggregator(m_options.core)
    , m_ticks(metrics.counter("kse_aggregator_ticks_total", "Prices aggregated (ticks and trades)"))
    , m_storedTicks(metrics.counter("kse_aggregator_stored_ticks_total",
                                    "Prices aggregated and stored with their offsets in the Stocks DB"))
    , m_deadLettered(metrics.counter("kse_aggregator_dead_letters_total", "Messages sent to dead-letters"))
    , m_flushes(metrics.counter("kse_aggregator_flushes_total", "Transactions written to the Stocks DB"))
    , m_rebuilds(metrics.counter("kse_aggregator_rebuilds_total", "Partitions whose open windows were replayed"))
    , m_publishedCounter(metrics.counter("kse_aggregator_published_total", "Candles put on stock-aggregates"))
    , m_loop(logger, std::string(kComponent), "aggregation stopped") {
    for (const Interval interval : kIntervals)
        m_late[static_cast<std::size_t>(interval)] =
            &metrics.counter("kse_aggregator_late_ticks_total",
                             "Ticks older than every kept candle of an interval (counted, not applied there)",
                             {{"interval", std::string(intervalName(interval))}});
    m_store.loadInto(m_aggregator, m_options.core.keptCandles);
    for (const auto& [key, offset] : m_store.offsets())
        m_positions[key] = offset;
}

AggregatorWorker::~AggregatorWorker() { stop(); }

void AggregatorWorker::start() {
    Consumer::Options options;
    options.brokers = m_options.brokers;
    options.groupId = m_options.groupId;
    options.clientId = "kse-stock-aggregator";
    // A member that dies is replaced within seconds, not the 45 s default.
    options.extra = {{"fetch.wait.max.ms", "5"},
                     {"queued.min.messages", "200000"},
                     {"session.timeout.ms", "10000"},
                     {"heartbeat.interval.ms", "1000"}};
    m_consumer = std::make_unique<Consumer>(options, m_logger);
    m_consumer->onAssigned([this](std::vector<TopicPartitionOffset>& partitions) { onAssigned(partitions); });
    m_consumer->onRevoked([this](const std::vector<TopicPartitionOffset>& partitions) { onRevoked(partitions); });
    m_consumer->subscribe({topics::kStockIngress, topics::kTrades});
    m_loop.start([this] { run(); });
}

void AggregatorWorker::stop() { m_loop.stop(); }

void AggregatorWorker::run() {
    while (!m_loop.stopping()) {
        auto message = m_consumer->poll(m_unflushed > 0 ? 0 : 20);
        if (message) {
            handle(*message);
            // While messages stream in, look at the clock every 256 of them, not each time.
            if (++m_sinceClock < 256 && m_unflushed < m_options.maxUnflushed)
                continue;
        }
        m_sinceClock = 0;
        const std::int64_t now = m_options.clock();
        if (now - m_lastAdvance >= kAdvanceEveryMs) {
            m_aggregator.advanceTime(now);
            m_lastAdvance = now;
            ++m_unflushed; // finals to store and publish, if any
        }
        // Store as soon as the consumer has caught up (low latency when the flow is light),
        // and in large batches while a backlog drains (throughput when it is heavy).
        const bool caughtUp = !message;
        if (m_unflushed >= m_options.maxUnflushed ||
            (m_unflushed > 0 && (caughtUp || now - m_lastFlush >= m_options.flushIntervalMs)))
            flush();
        if (now != m_lastPublishDue) { // at most once a millisecond, not once a message
            m_publisher.publishDue(now);
            m_lastPublishDue = now;
        }
        if (now - m_lastCommit >= kCommitEveryMs)
            commitToKafka(false);
    }
    flush();
    commitToKafka(true);
    m_consumer->close();
}

std::optional<std::string> AggregatorWorker::failure() const { return m_loop.failure(); }

void AggregatorWorker::handle(const RdKafka::Message& message) {
    const std::string topic = message.topic_name();
    const std::string_view value(static_cast<const char*>(message.payload()), message.len());
    const std::string_view key = message.key() ? std::string_view(*message.key()) : std::string_view();
    const auto ts = message.timestamp().timestamp;
    positionSlot(topic, message.partition()) = message.offset() + 1;
    ++m_unflushed;
    if (auto replay = m_replayUntil.find(m_hotKey); replay != m_replayUntil.end()) {
        if (message.offset() + 1 >= replay->second)
            m_replayUntil.erase(replay);
        if (ts >= 0 && ts < m_rebuildFrom - m_options.core.latenessMs)
            return; // before the session being rebuilt: its windows are closed and stored
    }
    const std::int64_t reference = eventReference(ts, m_options.clock());
    auto event = topic == topics::kTrades ? decodeTrade(value, reference) : decodeIngress(key, value, reference);
    if (!event) {
        m_deadLetters.write(topic, message.partition(), message.offset(), event.error(), value);
        m_deadLettered.fetch_add(1, std::memory_order_relaxed);
    } else {
        PriceEvent& e = event.value();
        if (m_rebuilding.contains(message.partition()) && !m_forgotten.contains(e.symbol)) {
            // First sight of this symbol in the replay: drop what this member held for its
            // session, in memory now and in the Stocks DB with the next flush.
            m_aggregator.forget(e.symbol, m_rebuildFrom);
            m_batch.forgotten.emplace_back(e.symbol, m_rebuildFrom);
            m_forgotten.insert(e.symbol);
        }
        m_aggregator.apply(e.symbol, e.price, e.qty, e.ts);
        m_ticks.fetch_add(1, std::memory_order_relaxed);
        ++m_ticksSinceFlush;
    }
}

std::int64_t& AggregatorWorker::positionSlot(const std::string& topic, std::int32_t partition) {
    if (m_hotSlot && m_hotKey.second == partition && m_hotKey.first == topic)
        return *m_hotSlot;
    m_hotKey = {topic, partition};
    m_hotSlot = &m_positions[m_hotKey]; // std::map nodes stay put until erased
    m_moved.insert(m_hotKey);
    return *m_hotSlot;
}

void AggregatorWorker::flush() {
    const std::int64_t now = m_options.clock();
    m_aggregator.drain(m_batch.candles, m_batch.stats);
    for (const auto& position : m_moved)
        m_batch.offsets.push_back({position.first, position.second, m_positions[position]});
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
    m_moved.clear();
    m_hotSlot = nullptr; // so that the next message marks its partition as moved again
    m_unflushed = 0;
    m_lastFlush = now;
}

void AggregatorWorker::commitToKafka(bool synchronous) {
    m_lastCommit = m_options.clock();
    // The Stocks DB is where this member resumes; committing to Kafka tells the other members
    // (and lag monitors) how far it got.
    std::vector<RdKafka::TopicPartition*> list;
    for (const auto& [position, offset] : m_positions)
        list.push_back(RdKafka::TopicPartition::create(position.first, position.second, offset));
    std::vector<RdKafka::TopicPartition*> assigned;
    m_consumer->handle().assignment(assigned);
    std::erase_if(list, [&](RdKafka::TopicPartition* p) {
        const bool mine = std::any_of(assigned.begin(), assigned.end(), [&](RdKafka::TopicPartition* a) {
            return a->topic() == p->topic() && a->partition() == p->partition();
        });
        if (!mine)
            delete p;
        return !mine;
    });
    RdKafka::TopicPartition::destroy(assigned);
    if (!list.empty()) {
        const auto err = synchronous ? m_consumer->handle().commitSync(list) : m_consumer->handle().commitAsync(list);
        if (err != RdKafka::ERR_NO_ERROR)
            m_logger.warning(kComponent, "offset commit failed", {{"error", RdKafka::err2str(err)}});
    }
    RdKafka::TopicPartition::destroy(list);
}

void AggregatorWorker::onRevoked(const std::vector<TopicPartitionOffset>& partitions) {
    // Everything taken from these partitions is stored and committed before they go.
    flush();
    commitToKafka(true);
    for (const auto& p : partitions) {
        m_rebuilding.erase(p.partition);
        m_hotSlot = nullptr;
        m_positions.erase({p.topic, p.partition});
        m_replayUntil.erase({p.topic, p.partition});
    }
}

void AggregatorWorker::onAssigned(std::vector<TopicPartitionOffset>& partitions) {
    const auto stored = m_store.offsets();
    std::vector<RdKafka::TopicPartition*> committed;
    for (const auto& p : partitions)
        committed.push_back(RdKafka::TopicPartition::create(p.topic, p.partition));
    m_consumer->handle().committed(committed, 10'000);

    std::set<std::int32_t> rebuild;
    for (std::size_t i = 0; i < partitions.size(); ++i) {
        const auto it = stored.find({partitions[i].topic, partitions[i].partition});
        const std::int64_t groupOffset = committed[i]->offset();
        if (it == stored.end() || (groupOffset >= 0 && groupOffset > it->second))
            rebuild.insert(partitions[i].partition);
        else
            partitions[i].offset = it->second;
    }
    RdKafka::TopicPartition::destroy(committed);
    if (rebuild.empty()) {
        for (const auto& p : partitions)
            m_positions[{p.topic, p.partition}] = p.offset;
        return;
    }

    // Replay from the start of the session (UTC midnight), less the lateness allowed.
    const std::int64_t now = m_options.clock();
    m_rebuildFrom = now - now % SessionStats::kDayMs;
    std::vector<RdKafka::TopicPartition*> times;
    for (auto& p : partitions) {
        if (!rebuild.contains(p.partition))
            continue;
        m_replayUntil[{p.topic, p.partition}] = m_consumer->watermarks(p.topic, p.partition).second;
        times.push_back(
            RdKafka::TopicPartition::create(p.topic, p.partition, m_rebuildFrom - m_options.core.latenessMs));
    }
    if (!times.empty()) {
        const auto err = m_consumer->handle().offsetsForTimes(times, 10'000);
        if (err != RdKafka::ERR_NO_ERROR) {
            RdKafka::TopicPartition::destroy(times);
            throw KafkaError("offsetsForTimes: " + RdKafka::err2str(err));
        }
        for (auto& p : partitions)
            for (const auto* t : times)
                if (t->topic() == p.topic && t->partition() == p.partition)
                    // No answer (-1): nothing that recent, or a cluster that cannot look times up
                    // (the embedded one). Either way reading from the start and skipping what is
                    // older than the session is right; it only costs a scan.
                    p.offset = t->offset() >= 0 ? t->offset() : RdKafka::Topic::OFFSET_BEGINNING;
        RdKafka::TopicPartition::destroy(times);
    }
    m_forgotten.clear();
    for (std::int32_t partition : rebuild)
        m_rebuilding.insert(partition);
    m_rebuilds.fetch_add(rebuild.size(), std::memory_order_relaxed);
    m_logger.info(kComponent, "rebuilding open windows by replay",
                  {{"partitions", std::to_string(rebuild.size())}, {"from", std::to_string(m_rebuildFrom)}});
    m_hotSlot = nullptr;
    for (const auto& p : partitions)
        if (p.offset >= 0)
            m_positions[{p.topic, p.partition}] = p.offset;
        else
            m_positions.erase({p.topic, p.partition});
}

} // namespace kse
