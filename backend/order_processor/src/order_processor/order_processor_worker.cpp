#include "order_processor/order_processor_worker.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "contract/topics.h"
#include "kafka/kafka_error.h"
#include "order_processor/order_event_codec.h"

namespace kse {
namespace {

constexpr std::string_view kComponent = "order-processor";
constexpr int kTransactionTimeoutMs = 60'000;

ConsumerLoop::Options loopOptions(const OrderProcessorWorker::Options& options,
                                  MetricsRegistry::Counter& deadLettered) {
    auto loop = ConsumerLoop::Options::reporting(kComponent, "order processing stopped", deadLettered);
    // Static membership goes with the transactional.id: both only on a real cluster. The
    // cooperative assignor moves only the partitions that change owner: the others keep matching
    // through a rebalance, their books untouched.
    loop.source = {options.groupId,
                   "kse-order-processor",
                   options.transactional ? options.instanceId : "",
                   true,
                   {{"fetch.wait.max.ms", "5"}, {"partition.assignment.strategy", "cooperative-sticky"}}};
    loop.topics = {topics::kOrders};
    loop.maxBatch = options.maxBatch;
    loop.maxBatchMs = options.maxBatchMs;
    loop.idleWaitMs = 20;
    loop.clockEvery = 1;     // a batch is answered within maxBatchMs, to the message
    loop.commitEveryMs = -1; // the offsets go with each batch's transaction (or after its flush)
    loop.clock = options.clock;
    return loop;
}

constexpr const char* kUnreachableAtStop = "stopped with the brokers unreachable; the open batch will be replayed";

} // namespace

OrderProcessorWorker::OrderProcessorWorker(Options options, MessageSourceFactory& sources, OrderStore& store,
                                           BookDepthCache& depth, MetricsRegistry& metrics, Logger& logger)
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
                                     "Time spent committing batches (transaction or flush and offset commit)")) {
    // Dead letters of answered batches go through the transaction, like the answers.
    makeLoop(loopOptions(m_options, m_deadLettered), sources, *this, metrics, logger);
}

void OrderProcessorWorker::opened(MessageSource& source) {
    m_depth.setPartitionCount(source.partitionCount(std::string(topics::kOrders)));
    Producer::Options producer;
    producer.brokers = m_options.brokers;
    producer.properties = m_options.kafkaProperties;
    producer.clientId = "kse-order-processor";
    if (m_options.transactional)
        producer.extra = {{"transactional.id", m_options.instanceId},
                          {"transaction.timeout.ms", std::to_string(kTransactionTimeoutMs)}};
    m_producer = std::make_unique<Producer>(producer, m_logger);
}

void OrderProcessorWorker::stopped() {
    if (m_producer)
        m_producer->close(10'000);
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
            if (loop().stopping())
                throw ConsumerLoop::Abandon{kUnreachableAtStop};
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        m_broken = true; // refused for another reason: the transaction is in error
        return status;
    }
}

void OrderProcessorWorker::starting() {
    if (m_options.transactional)
        initTransactions();
}

void OrderProcessorWorker::initTransactions() {
    // Fences a crashed predecessor with the same transactional.id and aborts what it left open,
    // so that read_committed readers and the committed offsets move on at once.
    for (;;) {
        const auto error = m_producer->initTransactions(30'000);
        if (!error)
            return;
        if (!error->retriable || loop().stopping())
            throw KafkaError("init_transactions: " + error->text);
        m_logger.warning(kComponent, "init_transactions: retrying", {{"error", error->text}});
    }
}

std::optional<std::string> OrderProcessorWorker::apply(const SourceMessage& message) {
    const auto it = m_partitions.find(message.partition);
    if (it == m_partitions.end() || message.offset < it->second.next)
        return std::nullopt; // not (or no longer) ours, or already applied
    Partition& partition = it->second;
    const bool answer = message.offset >= partition.answerFrom;
    if (answer && m_options.transactional && !m_inTransaction) {
        if (const auto error = m_producer->beginTransaction())
            throw KafkaError("begin_transaction: " + error->text);
        m_inTransaction = true;
    }
    ++m_batchSize;
    partition.next = message.offset + 1;

    auto command = decodeOrderCommand(message.value, message.timestamp > 0 ? message.timestamp : 0);
    if (!command) {
        if (!answer)
            return std::nullopt; // it went to dead-letters when it was answered
        m_answered.insert(message.partition);
        return command.error();
    }
    const OrderCommand& c = command.value();
    m_output.clear();
    partition.books->apply(c, m_output);
    m_touched.emplace(message.partition, c.symbol);
    for (const TradeReport& trade : m_output.trades)
        m_trades.push_back({trade, c.ts});
    if (!answer) {
        m_replayed.fetch_add(1, std::memory_order_relaxed);
        return std::nullopt;
    }
    m_answered.insert(message.partition);
    for (const OrderUpdate& update : m_output.updates)
        produce(topics::kOrderEvents, update.userId, encodeOrderUpdate(update, c.ts));
    for (const TradeReport& trade : m_output.trades)
        produce(topics::kTrades, trade.symbol, encodeTrade(trade, c.ts));
    m_orders.fetch_add(1, std::memory_order_relaxed);
    m_events.fetch_add(m_output.updates.size(), std::memory_order_relaxed);
    m_tradeCount.fetch_add(m_output.trades.size(), std::memory_order_relaxed);
    return std::nullopt;
}

std::vector<TopicPartitionOffset> OrderProcessorWorker::answeredOffsets() const {
    std::vector<TopicPartitionOffset> offsets;
    for (const std::int32_t p : m_answered)
        offsets.push_back({topics::kOrders, p, m_partitions.at(p).next});
    return offsets;
}

bool OrderProcessorWorker::store(MessageSource& source, const std::vector<TopicPartitionOffset>&) {
    if (m_batchSize == 0 && !m_inTransaction)
        return true;
    if (m_broken) {
        abortTransaction();
        dropBatch();
        return false;
    }
    const auto started = std::chrono::steady_clock::now();
    if (m_options.transactional) {
        if (m_inTransaction && !commitTransaction(source)) {
            dropBatch();
            return false;
        }
    } else if (!m_answered.empty()) {
        // No transactions: everything produced is delivered before the offsets move on.
        const auto failedBefore = m_producer->failed();
        while (m_producer->flush(1'000) > 0)
            if (loop().stopping() && !m_producer->brokersReachable())
                throw ConsumerLoop::Abandon{kUnreachableAtStop};
        if (m_producer->failed() != failedBefore) {
            m_aborts.fetch_add(1, std::memory_order_relaxed);
            dropBatch();
            return false;
        }
        source.commit(answeredOffsets());
    }
    m_commits.fetch_add(1, std::memory_order_relaxed);
    m_commitMicros.fetch_add(
        static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count()),
        std::memory_order_relaxed);
    afterCommit();
    return true;
}

bool OrderProcessorWorker::commitTransaction(MessageSource& source) {
    const auto group = source.groupMetadata();
    auto failed = m_producer->sendOffsetsToTransaction(answeredOffsets(), *group, kTransactionTimeoutMs);
    if (!failed) {
        do
            failed = m_producer->commitTransaction(kTransactionTimeoutMs);
        while (failed && failed->retriable && !loop().stopping());
    }
    if (!failed) {
        m_inTransaction = false;
        return true;
    }
    if (failed->fatal)
        throw KafkaError("transaction: " + failed->text);
    m_logger.warning(kComponent, "transaction failed; aborting and replaying", {{"error", failed->text}});
    abortTransaction();
    return false;
}

void OrderProcessorWorker::abortTransaction() {
    m_aborts.fetch_add(1, std::memory_order_relaxed);
    if (!m_options.transactional || !m_inTransaction)
        return;
    const auto error = m_producer->abortTransaction(kTransactionTimeoutMs);
    if (error && error->fatal)
        throw KafkaError("abort_transaction: " + error->text);
    m_inTransaction = false;
}

void OrderProcessorWorker::dropBatch() {
    // The books are restored from their snapshots next (resume), and the messages since are
    // applied again and answered from the offset Kafka holds as committed.
    m_trades.clear();
    m_answered.clear();
    m_batchSize = 0;
    m_broken = false;
}

void OrderProcessorWorker::discard() {
    // The loop ends without this batch: nothing of it may reach the Orders DB.
    dropBatch();
    m_touched.clear();
    m_partitions.clear();
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

OrderProcessorWorker::Partition OrderProcessorWorker::restored(MessageSource& source, std::int32_t p,
                                                               std::int64_t committed) {
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
        const auto [low, high] = source.watermarks(topics::kOrders, p);
        if (partition.next > high) {
            // The partition holds fewer messages than the books have seen: a new cluster (the
            // embedded one starts empty each time). The books stand; reading starts afresh.
            m_logger.warning(kComponent, "orders partition is behind the stored books; keeping the books",
                             {{"partition", std::to_string(p)},
                              {"stored_offset", std::to_string(partition.next)},
                              {"end_offset", std::to_string(high)}});
            partition.next = low;
            partition.snapshotAt = -1;
            committed = std::min(committed, high);
        }
    }
    partition.answerFrom = std::max(partition.next, committed);
    if (partition.answerFrom > partition.next)
        m_logger.info(kComponent, "replaying orders to rebuild the books",
                      {{"partition", std::to_string(p)},
                       {"from", std::to_string(partition.next)},
                       {"answered_up_to", std::to_string(partition.answerFrom)}});
    return partition;
}

void OrderProcessorWorker::resume(MessageSource& source, std::vector<TopicPartitionOffset>& partitions) {
    // On assignment and after an aborted batch alike: each partition's books from its snapshot,
    // replayed from there.
    const auto committed = source.committed(partitions);
    for (std::size_t i = 0; i < partitions.size(); ++i) {
        auto& p = partitions[i];
        Partition partition = restored(source, p.partition, i < committed.size() ? committed[i].offset : -1);
        p.offset = partition.next > 0 ? partition.next : offsets::kBeginning;
        publishAll(partition);
        m_depth.own(p.partition);
        m_partitions[p.partition] = std::move(partition);
    }
}

void OrderProcessorWorker::publishAll(const Partition& partition) {
    for (const auto& symbol : partition.books->symbols())
        m_depth.publish(symbol, partition.books->book(symbol)->snapshot(BookDepthCache::kMaxDepth));
}

void OrderProcessorWorker::revoked(const std::vector<TopicPartitionOffset>& partitions) {
    // The loop stored (answered and committed) the batch before; the books go with a snapshot.
    std::vector<std::int32_t> ids;
    for (const auto& p : partitions)
        ids.push_back(p.partition);
    persist(ids);
    for (const std::int32_t p : ids) {
        m_partitions.erase(p);
        m_depth.release(p); // another instance answers for its books now
    }
}

void OrderProcessorWorker::closed() { m_logger.info(kComponent, "stopped; books stored"); }

} // namespace kse
