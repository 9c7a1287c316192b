#include "order_processor/order_processor_worker.h"

#include <algorithm>
#include <chrono>

#include "kafka/kafka_error.h"
#include "contract/topics.h"
#include "order_processor/order_event_codec.h"

namespace kse {
namespace {

constexpr std::string_view kComponent = "order-processor";
constexpr int kTransactionTimeoutMs = 60'000;

// librdkafka's transactional calls return an owned error object, or nullptr on success.
struct TxnError {
    std::unique_ptr<RdKafka::Error> error;
    explicit operator bool() const { return error != nullptr; }
    std::string text() const { return error ? error->str() : std::string(); }
};

template <class Value>
std::vector<std::int32_t> keysOf(const std::map<std::int32_t, Value>& map) {
    std::vector<std::int32_t> out;
    for (const auto& [key, value] : map)
        out.push_back(key);
    return out;
}

} // namespace

OrderProcessorWorker::OrderProcessorWorker(Options options, OrderStore& store, BookDepthCache& depth,
                                           MetricsRegistry& metrics, Logger& logger)
    : m_options(std::move(options))
    , m_store(store)
    , m_depth(depth)
    , m_logger(logger)
    , m_orders(metrics.counter("kse_orders_total", "Orders and cancels answered"))
    , m_replayed(metrics.counter("kse_orders_replayed_total",
                                 "Orders and cancels applied again to rebuild books, not answered again"))
    , m_events(metrics.counter("kse_order_events_total", "Messages put on order-events"))
    , m_tradeCount(metrics.counter("kse_trades_total", "Trades put on trades"))
    , m_deadLettered(metrics.counter("kse_orders_dead_letters_total", "Orders messages sent to dead-letters"))
    , m_commits(metrics.counter("kse_order_batches_committed_total", "Batches of answers committed"))
    , m_aborts(metrics.counter("kse_order_batches_aborted_total", "Batches aborted and replayed"))
    , m_snapshots(metrics.counter("kse_book_snapshots_total", "Book snapshots written to the Orders DB"))
    , m_commitMicros(metrics.counter("kse_order_commit_microseconds_total",
                                     "Time spent committing batches (transaction or flush and offset commit)")) {}

OrderProcessorWorker::~OrderProcessorWorker() { stop(); }

void OrderProcessorWorker::start() {
    Producer::Options producer;
    producer.brokers = m_options.brokers;
    producer.clientId = "kse-order-processor";
    if (m_options.transactional)
        producer.extra = {{"transactional.id", m_options.instanceId},
                          {"transaction.timeout.ms", std::to_string(kTransactionTimeoutMs)}};
    m_producer = std::make_unique<Producer>(producer, m_logger);
    m_deadLetters = std::make_unique<DeadLetterWriter>(static_cast<MessageSink&>(*this));

    Consumer::Options consumer;
    consumer.brokers = m_options.brokers;
    consumer.groupId = m_options.groupId;
    consumer.clientId = "kse-order-processor";
    consumer.extra = {{"fetch.wait.max.ms", "5"}, {"session.timeout.ms", "10000"}, {"heartbeat.interval.ms", "1000"}};
    if (m_options.transactional)
        consumer.extra["group.instance.id"] = m_options.instanceId;
    m_consumer = std::make_unique<Consumer>(consumer, m_logger);
    // The hooks run inside librdkafka's consume call: no exception may cross it.
    m_consumer->onAssigned([this](std::vector<TopicPartitionOffset>& partitions) {
        guarded([&] { load(partitions); });
    });
    m_consumer->onRevoked([this](const std::vector<TopicPartitionOffset>& partitions) {
        guarded([&] { onRevoked(partitions); });
    });
    m_thread = std::thread([this] { run(); });
}

void OrderProcessorWorker::stop() {
    if (m_stopped)
        return;
    m_stopped = true;
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_producer)
        m_producer->close(10'000);
}

void OrderProcessorWorker::fail(const std::string& reason) {
    m_logger.error(kComponent, "order processing stopped", {{"error", reason}});
    m_stop = true;
    const std::lock_guard lock(m_failureMutex);
    if (!m_failure)
        m_failure = "order processing stopped: " + reason;
}

void OrderProcessorWorker::guarded(const std::function<void()>& step) {
    try {
        step();
    } catch (const Stopping&) {
        m_stop = true;
    } catch (const std::exception& error) {
        fail(error.what());
    }
}

std::optional<std::string> OrderProcessorWorker::failure() const {
    const std::lock_guard lock(m_failureMutex);
    return m_failure;
}

ProduceStatus OrderProcessorWorker::canAccept(std::size_t count) const { return m_producer->canAccept(count); }

ProduceStatus OrderProcessorWorker::produce(std::string_view topic, std::string_view key, std::string_view value) {
    for (;;) {
        const ProduceStatus status = m_producer->produce(topic, key, value);
        if (status == ProduceStatus::Queued)
            return status;
        if (status == ProduceStatus::QueueFull) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            continue;
        }
        if (!m_producer->brokersReachable()) {
            if (m_stop.load(std::memory_order_relaxed))
                throw Stopping{};
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        m_broken = true; // refused for another reason: the transaction is in error
        return status;
    }
}

void OrderProcessorWorker::initTransactions() {
    // Fences a crashed predecessor with the same transactional.id and aborts what it left open,
    // so that read_committed readers and the committed offsets move on at once.
    for (;;) {
        TxnError e{std::unique_ptr<RdKafka::Error>(m_producer->handle().init_transactions(30'000))};
        if (!e)
            return;
        if (!e.error->is_retriable() || m_stop)
            throw KafkaError("init_transactions: " + e.text());
        m_logger.warning(kComponent, "init_transactions: retrying", {{"error", e.text()}});
    }
}

void OrderProcessorWorker::run() {
    try {
        if (m_options.transactional)
            initTransactions();
        m_consumer->subscribe({topics::kOrders});
        while (!m_stop.load(std::memory_order_relaxed)) {
            auto message = m_consumer->poll(m_batchSize > 0 ? 0 : 20);
            if (message) {
                handle(*message);
                if (m_batchSize < m_options.maxBatch && m_options.clock() - m_batchStart < m_options.maxBatchMs)
                    continue;
            }
            if (m_batchSize > 0)
                commitBatch();
        }
        commitBatch();
        persist(keysOf(m_partitions));
        m_consumer->close();
        m_logger.info(kComponent, "stopped; books stored");
    } catch (const Stopping&) {
        // The brokers are away and a stop was asked for: what was not committed is replayed on
        // the next start.
        m_logger.warning(kComponent, "stopped with the brokers unreachable; the open batch will be replayed");
    } catch (const std::exception& error) {
        fail(error.what());
    }
}

void OrderProcessorWorker::handle(const RdKafka::Message& message) {
    const auto it = m_partitions.find(message.partition());
    if (it == m_partitions.end() || message.offset() < it->second.next)
        return; // not (or no longer) ours, or already applied
    Partition& partition = it->second;
    const bool answer = message.offset() >= partition.answerFrom;
    if (answer && m_options.transactional && !m_inTransaction) {
        TxnError e{std::unique_ptr<RdKafka::Error>(m_producer->handle().begin_transaction())};
        if (e)
            throw KafkaError("begin_transaction: " + e.text());
        m_inTransaction = true;
    }
    if (m_batchSize++ == 0)
        m_batchStart = m_options.clock();
    partition.next = message.offset() + 1;

    const std::string_view value(static_cast<const char*>(message.payload()), message.len());
    const std::int64_t messageTs = message.timestamp().timestamp;
    auto command = decodeOrderCommand(value, messageTs > 0 ? messageTs : 0);
    if (!command) {
        if (answer) {
            m_deadLetters->write(topics::kOrders, message.partition(), message.offset(), command.error(), value);
            m_deadLettered.fetch_add(1, std::memory_order_relaxed);
            m_answered.insert(message.partition());
        }
        return;
    }
    const OrderCommand& c = command.value();
    m_output.clear();
    partition.books->apply(c, m_output);
    m_touched.emplace(message.partition(), c.symbol);
    for (const TradeReport& trade : m_output.trades)
        m_trades.push_back({trade, c.ts});
    if (!answer) {
        m_replayed.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    m_answered.insert(message.partition());
    for (const OrderUpdate& update : m_output.updates)
        produce(topics::kOrderEvents, update.userId, encodeOrderUpdate(update, c.ts));
    for (const TradeReport& trade : m_output.trades)
        produce(topics::kTrades, trade.symbol, encodeTrade(trade, c.ts));
    m_orders.fetch_add(1, std::memory_order_relaxed);
    m_events.fetch_add(m_output.updates.size(), std::memory_order_relaxed);
    m_tradeCount.fetch_add(m_output.trades.size(), std::memory_order_relaxed);
}

void OrderProcessorWorker::commitBatch() {
    if (m_batchSize == 0 && !m_inTransaction)
        return;
    if (m_broken) {
        abortTransaction();
        rewind();
        return;
    }
    const auto started = std::chrono::steady_clock::now();
    if (m_options.transactional) {
        if (m_inTransaction && !commitTransaction()) {
            rewind();
            return;
        }
    } else if (!m_answered.empty()) {
        // No transactions: everything produced is delivered before the offsets move on.
        const auto failedBefore = m_producer->failed();
        while (m_producer->flush(1'000) > 0)
            if (m_stop.load(std::memory_order_relaxed) && !m_producer->brokersReachable())
                throw Stopping{};
        if (m_producer->failed() != failedBefore) {
            m_aborts.fetch_add(1, std::memory_order_relaxed);
            rewind();
            return;
        }
        std::vector<TopicPartitionOffset> offsets;
        for (const std::int32_t p : m_answered)
            offsets.push_back({topics::kOrders, p, m_partitions.at(p).next});
        m_consumer->commit(offsets);
    }
    m_commits.fetch_add(1, std::memory_order_relaxed);
    m_commitMicros.fetch_add(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                            std::chrono::steady_clock::now() - started)
                                                            .count()),
                             std::memory_order_relaxed);
    afterCommit();
}

bool OrderProcessorWorker::commitTransaction() {
    std::vector<RdKafka::TopicPartition*> offsets;
    for (const std::int32_t p : m_answered)
        offsets.push_back(RdKafka::TopicPartition::create(topics::kOrders, p, m_partitions.at(p).next));
    std::unique_ptr<RdKafka::ConsumerGroupMetadata> group(m_consumer->handle().groupMetadata());
    TxnError sent{std::unique_ptr<RdKafka::Error>(
        m_producer->handle().send_offsets_to_transaction(offsets, group.get(), kTransactionTimeoutMs))};
    RdKafka::TopicPartition::destroy(offsets);
    TxnError committed;
    if (!sent) {
        do
            committed.error.reset(m_producer->handle().commit_transaction(kTransactionTimeoutMs));
        while (committed && committed.error->is_retriable() && !m_stop);
    }
    const TxnError& failed = sent ? sent : committed;
    if (!failed) {
        m_inTransaction = false;
        return true;
    }
    if (failed.error->is_fatal())
        throw KafkaError("transaction: " + failed.text());
    m_logger.warning(kComponent, "transaction failed; aborting and replaying", {{"error", failed.text()}});
    abortTransaction();
    return false;
}

void OrderProcessorWorker::abortTransaction() {
    m_aborts.fetch_add(1, std::memory_order_relaxed);
    if (!m_options.transactional || !m_inTransaction)
        return;
    TxnError e{std::unique_ptr<RdKafka::Error>(m_producer->handle().abort_transaction(kTransactionTimeoutMs))};
    if (e && e.error->is_fatal())
        throw KafkaError("abort_transaction: " + e.text());
    m_inTransaction = false;
}

void OrderProcessorWorker::afterCommit() {
    const std::int64_t now = m_options.clock();
    std::vector<std::int32_t> due;
    for (const auto& [p, partition] : m_partitions)
        if (now - partition.lastSnapshotMs >= m_options.snapshotIntervalMs)
            due.push_back(p);
    persist(due);
    for (const auto& [p, symbol] : m_touched) {
        const auto it = m_partitions.find(p);
        if (it == m_partitions.end())
            continue;
        if (const OrderBook* book = it->second.books->book(symbol))
            m_depth.publish(symbol, book->snapshot(BookDepthCache::kMaxDepth));
    }
    m_touched.clear();
    m_answered.clear();
    m_batchSize = 0;
}

void OrderProcessorWorker::persist(const std::vector<std::int32_t>& partitions) {
    std::vector<OrderStore::PartitionSnapshot> snapshots;
    const std::int64_t now = m_options.clock();
    for (const std::int32_t p : partitions) {
        const auto it = m_partitions.find(p);
        if (it == m_partitions.end())
            continue;
        Partition& partition = it->second;
        partition.lastSnapshotMs = now;
        if (partition.next == partition.snapshotAt)
            continue;
        snapshots.push_back({p, {partition.next, partition.books->serialize()}});
        partition.snapshotAt = partition.next;
    }
    m_store.write(m_trades, topics::kOrders, snapshots);
    m_snapshots.fetch_add(snapshots.size(), std::memory_order_relaxed);
    m_trades.clear();
}

std::map<std::int32_t, std::int64_t>
OrderProcessorWorker::committedOffsets(const std::vector<std::int32_t>& partitions) {
    std::vector<RdKafka::TopicPartition*> list;
    for (const std::int32_t p : partitions)
        list.push_back(RdKafka::TopicPartition::create(topics::kOrders, p));
    const auto err = m_consumer->handle().committed(list, 30'000);
    std::map<std::int32_t, std::int64_t> out;
    for (const auto* p : list)
        out[p->partition()] = p->offset();
    RdKafka::TopicPartition::destroy(list);
    if (err != RdKafka::ERR_NO_ERROR)
        throw KafkaError("committed offsets: " + RdKafka::err2str(err));
    return out;
}

OrderProcessorWorker::Partition OrderProcessorWorker::restored(std::int32_t p, std::int64_t committed) {
    Partition partition;
    partition.books = std::make_unique<PartitionBooks>();
    partition.lastSnapshotMs = m_options.clock();
    if (auto snapshot = m_store.snapshot(topics::kOrders, p)) {
        try {
            partition.books->restore(snapshot->state);
            partition.next = snapshot->nextOffset;
            partition.snapshotAt = snapshot->nextOffset;
        } catch (const std::exception& error) {
            m_logger.error(kComponent, "unreadable book snapshot; rebuilding from the start of the partition",
                           {{"partition", std::to_string(p)}, {"error", error.what()}});
            partition.books = std::make_unique<PartitionBooks>();
        }
    }
    if (partition.next > 0) {
        const auto [low, high] = m_consumer->watermarks(topics::kOrders, p);
        if (partition.next > high) {
            // The partition holds fewer messages than the books have seen: a new cluster (the
            // embedded one starts empty each time). The books stand; reading starts afresh.
            m_logger.warning(kComponent, "orders partition is behind the stored books; keeping the books",
                             {{"partition", std::to_string(p)}, {"stored_offset", std::to_string(partition.next)},
                              {"end_offset", std::to_string(high)}});
            partition.next = low;
            partition.snapshotAt = -1;
            committed = std::min(committed, high);
        }
    }
    partition.answerFrom = std::max(partition.next, committed);
    if (partition.answerFrom > partition.next)
        m_logger.info(kComponent, "replaying orders to rebuild the books",
                      {{"partition", std::to_string(p)}, {"from", std::to_string(partition.next)},
                       {"answered_up_to", std::to_string(partition.answerFrom)}});
    return partition;
}

void OrderProcessorWorker::load(std::vector<TopicPartitionOffset>& partitions) {
    std::vector<std::int32_t> ids;
    for (const auto& p : partitions)
        ids.push_back(p.partition);
    const auto committed = committedOffsets(ids);
    for (auto& p : partitions) {
        Partition partition = restored(p.partition, committed.at(p.partition));
        p.offset = partition.next > 0 ? partition.next : RdKafka::Topic::OFFSET_BEGINNING;
        publishAll(partition);
        m_partitions[p.partition] = std::move(partition);
    }
}

void OrderProcessorWorker::publishAll(const Partition& partition) {
    for (const auto& symbol : partition.books->symbols())
        m_depth.publish(symbol, partition.books->book(symbol)->snapshot(BookDepthCache::kMaxDepth));
}

void OrderProcessorWorker::rewind() {
    // Back to the last snapshot of every partition; the messages since are applied again and
    // answered from the offset Kafka holds as committed.
    const auto ids = keysOf(m_partitions);
    const auto committed = committedOffsets(ids);
    for (const std::int32_t p : ids) {
        Partition partition = restored(p, committed.at(p));
        m_consumer->seek({topics::kOrders, p, partition.next > 0 ? partition.next : RdKafka::Topic::OFFSET_BEGINNING});
        publishAll(partition);
        m_partitions[p] = std::move(partition);
    }
    m_trades.clear();
    m_answered.clear();
    m_batchSize = 0;
    m_broken = false;
}

void OrderProcessorWorker::onRevoked(const std::vector<TopicPartitionOffset>& partitions) {
    // Everything taken from these partitions is answered and committed before they go.
    if (m_batchSize > 0)
        commitBatch();
    std::vector<std::int32_t> ids;
    for (const auto& p : partitions)
        ids.push_back(p.partition);
    persist(ids);
    for (const std::int32_t p : ids)
        m_partitions.erase(p);
}

} // namespace kse
