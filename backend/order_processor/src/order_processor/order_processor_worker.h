#pragma once

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
#include "kafka/message_source_factory.h"
#include "kafka/producer.h"
#include "log/logger.h"
#include "order_processor/book_depth_cache.h"
#include "order_processor/order_store.h"
#include "order_processor/partition_books.h"
#include "service/consumer_worker.h"

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
class OrderProcessorWorker final : private MessageSink, public ConsumerWorker {
public:
    struct Options {
        std::string brokers;                                // for the transactional producer
        std::map<std::string, std::string> kafkaProperties; // --kafka-config, for the same
        std::string groupId = groups::kOrderProcessor;
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

    OrderProcessorWorker(Options options, MessageSourceFactory& sources, OrderStore& store, BookDepthCache& depth,
                         MetricsRegistry& metrics, Logger& logger);
    // stop() commits what is pending and snapshots the books before it leaves the group.
    ~OrderProcessorWorker() override { stop(); }

    bool brokersReachable() const { return m_producer && m_producer->brokersReachable(); }

private:
    struct Partition {
        std::unique_ptr<PartitionBooks> books;
        std::int64_t next = 0;       // the next offset to apply
        std::int64_t answerFrom = 0; // messages before this one were answered by an earlier run
        std::int64_t snapshotAt = -1;
        std::int64_t lastSnapshotMs = 0;
    };

    // The producer, retried while its queue is full or the brokers are away: a batch is either
    // produced whole or aborted and replayed.
    ProduceStatus canAccept(std::size_t count) const override;
    ProduceStatus produce(std::string_view topic, std::string_view key, std::string_view value) override;

    // The consumer's policy: books restored per partition, orders matched and answered, each
    // batch committed as one transaction (or flushed, then its offsets committed). The producer
    // is made when the loop starts and closed when it stopped.
    void opened(MessageSource& source) override;
    void starting() override;
    void resume(MessageSource& source, std::vector<TopicPartitionOffset>& partitions) override;
    std::optional<std::string> apply(const SourceMessage& message) override;
    bool store(MessageSource& source, const std::vector<TopicPartitionOffset>& next) override;
    void discard() override;
    void revoked(const std::vector<TopicPartitionOffset>& partitions) override;
    void closed() override;
    void stopped() override;

    void initTransactions();
    bool commitTransaction(MessageSource& source);
    void abortTransaction();
    // Forgets the batch that was not committed; its partitions are restored and replayed next.
    void dropBatch();
    void afterCommit();
    // Writes the pending trades and the snapshots of `partitions` (those that moved) to the Orders DB.
    void persist(const std::vector<std::int32_t>& partitions);
    Partition restored(MessageSource& source, std::int32_t partition, std::int64_t committed);
    void publishAll(const Partition& partition);
    std::vector<TopicPartitionOffset> answeredOffsets() const;

    Options m_options;
    OrderStore& m_store;
    BookDepthCache& m_depth;
    Logger& m_logger;
    std::unique_ptr<Producer> m_producer;

    std::map<std::int32_t, Partition> m_partitions;
    BookOutput m_output;
    std::vector<OrderStore::StoredTrade> m_trades;            // for the Orders DB, after the commit
    std::set<std::pair<std::int32_t, std::string>> m_touched; // books to republish
    std::set<std::int32_t> m_answered;                        // partitions with answers in this batch
    bool m_inTransaction = false;
    bool m_broken = false; // a produce failed: the batch must be aborted and replayed
    std::size_t m_batchSize = 0;

    MetricsRegistry::Counter& m_orders;
    MetricsRegistry::Counter& m_replayed;
    MetricsRegistry::Counter& m_events;
    MetricsRegistry::Counter& m_tradeCount;
    MetricsRegistry::Counter& m_deadLettered;
    MetricsRegistry::Counter& m_commits;
    MetricsRegistry::Counter& m_aborts;
    MetricsRegistry::Counter& m_snapshots;
    MetricsRegistry::Counter& m_commitMicros;
};

} // namespace kse
