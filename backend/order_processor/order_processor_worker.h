#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/metrics_registry.h"
#include "kafka/consumer.h"
#include "contract/dead_letter_writer.h"
#include "kafka/producer.h"
#include "log/logger.h"
#include "order_processor/book_depth_cache.h"
#include "order_processor/order_store.h"
#include "order_processor/partition_books.h"

namespace kse {

// The order processor's consume-match-produce loop on a thread of its own.
//
// Exactly once, as consumers see it: on a real broker every batch of `orders` is answered in one
// Kafka transaction that also carries the consumed offsets (read_committed readers see all of a
// batch's events and trades or none). The books are snapshotted to the Orders DB with the offset
// they correspond to, only after a commit; on start, on every assignment and after an aborted
// transaction a partition's books are restored from its snapshot and the messages from there
// on are replayed — silently up to the offset committed in Kafka, whose answers are already out,
// and answered after it. The engine is deterministic, so the replayed books equal the lost ones
// and trade ids repeat exactly.
//
// The embedded cluster does not honour transactions: there the batch is flushed before its
// offsets are committed, so a crash can repeat answers (never lose them) and consumers
// deduplicate by trade_id and by (order_id, status, filled_qty).
class OrderProcessorWorker final : private MessageSink {
public:
    struct Options {
        std::string brokers;
        std::string groupId = "order-processor";
        bool transactional = true;
        // Stable for one member across restarts (its data directory): the transactional.id that
        // fences a crashed predecessor, and the static group membership that lets a restarted
        // member take its partitions back without waiting for a session timeout.
        std::string instanceId;
        std::size_t maxBatch = 20'000;
        std::int64_t maxBatchMs = 100;
        std::int64_t snapshotIntervalMs = 1'000;
        std::function<std::int64_t()> clock; // milliseconds since the epoch
    };

    OrderProcessorWorker(Options options, OrderStore& store, BookDepthCache& depth, MetricsRegistry& metrics,
                         Logger& logger);
    ~OrderProcessorWorker() override;

    void start();
    // Commits what is pending, snapshots the books, leaves the group. Idempotent.
    void stop();
    std::optional<std::string> failure() const;
    bool brokersReachable() const { return m_producer && m_producer->brokersReachable(); }

private:
    struct Partition {
        std::unique_ptr<PartitionBooks> books;
        std::int64_t next = 0;       // the next offset to apply
        std::int64_t answerFrom = 0; // messages before this one were answered by an earlier run
        std::int64_t snapshotAt = -1;
        std::int64_t lastSnapshotMs = 0;
    };
    struct Stopping {};

    // The producer, retried while its queue is full or the brokers are away: a batch is either
    // produced whole or aborted and replayed.
    ProduceStatus canAccept(std::size_t count) const override;
    ProduceStatus produce(std::string_view topic, std::string_view key, std::string_view value) override;

    void run();
    void fail(const std::string& reason);
    void guarded(const std::function<void()>& step);
    void initTransactions();
    void handle(const RdKafka::Message& message);
    void commitBatch();
    bool commitTransaction();
    void abortTransaction();
    void afterCommit();
    // Writes the pending trades and the snapshots of `partitions` (those that moved) to the Orders DB.
    void persist(const std::vector<std::int32_t>& partitions);
    Partition restored(std::int32_t partition, std::int64_t committed);
    void load(std::vector<TopicPartitionOffset>& partitions);
    void publishAll(const Partition& partition);
    void rewind();
    void onRevoked(const std::vector<TopicPartitionOffset>& partitions);
    std::map<std::int32_t, std::int64_t> committedOffsets(const std::vector<std::int32_t>& partitions);

    Options m_options;
    OrderStore& m_store;
    BookDepthCache& m_depth;
    Logger& m_logger;
    std::unique_ptr<Producer> m_producer;
    std::unique_ptr<DeadLetterWriter> m_deadLetters;
    std::unique_ptr<Consumer> m_consumer;

    std::map<std::int32_t, Partition> m_partitions;
    BookOutput m_output;
    std::vector<OrderStore::StoredTrade> m_trades;   // for the Orders DB, after the commit
    std::set<std::pair<std::int32_t, std::string>> m_touched; // books to republish
    std::set<std::int32_t> m_answered;                // partitions with answers in this batch
    bool m_inTransaction = false;
    bool m_broken = false; // a produce failed: the batch must be aborted and replayed
    std::size_t m_batchSize = 0;
    std::int64_t m_batchStart = 0;

    MetricsRegistry::Counter& m_orders;
    MetricsRegistry::Counter& m_replayed;
    MetricsRegistry::Counter& m_events;
    MetricsRegistry::Counter& m_tradeCount;
    MetricsRegistry::Counter& m_deadLettered;
    MetricsRegistry::Counter& m_commits;
    MetricsRegistry::Counter& m_aborts;
    MetricsRegistry::Counter& m_snapshots;
    MetricsRegistry::Counter& m_commitMicros;

    std::atomic<bool> m_stop{false};
    mutable std::mutex m_failureMutex;
    std::optional<std::string> m_failure;
    std::thread m_thread;
    bool m_stopped = false;
};

} // namespace kse
