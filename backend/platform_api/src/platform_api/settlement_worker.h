#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "contract/consumer_groups.h"
#include "http/metrics_registry.h"
#include "kafka/message_sink.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"
#include "platform_api/settlement.h"
#include "service/consumer_worker.h"

namespace kse {

// Consumes `order-events` and `trades` (group platform-api) on a thread of its own and settles
// them. Exactly once: the effects of a batch and the next offsets go to the Users DB in one
// transaction, and every assignment resumes from the stored offsets. `guard` serialises the
// worker's transactions with the HTTP thread's (one SQLite connection). With a new Users DB,
// start() first records the topics' current ends as where to start: call it before orders can
// be placed.
class SettlementWorker final : public ConsumerWorker {
public:
    struct Options {
        std::string groupId = groups::kPlatformApi;
        // Stable across restarts (see memberIdentity): a member restarted after a crash takes its
        // partitions back at once. Empty: dynamic membership (the embedded cluster).
        std::string instanceId;
        std::size_t maxBatch = 2'000;
        // Told, after each batch is committed, what it changed (on the worker's thread): the
        // stream's order, fill and portfolio messages come from here.
        std::function<void(const Settlement::Changes&)> settled;
    };

    SettlementWorker(const Options& options, MessageSourceFactory& sources, UserStore& users, OrderRepository& orders,
                     std::mutex& guard, MessageSink& producer, MetricsRegistry& metrics, Logger& logger,
                     std::function<std::int64_t()> clock);
    ~SettlementWorker() override { stop(); }

private:
    struct Pending {
        std::string topic;
        std::int32_t partition;
        std::int64_t offset;
        std::int64_t timestamp; // the message's, ms; < 0 when it has none
        std::string value;
    };

    void opened(MessageSource& source) override;
    void resume(MessageSource& source, std::vector<TopicPartitionOffset>& partitions) override;
    // Settlement holds the Users DB (and `guard`) only while it stores: messages wait until then.
    std::optional<std::string> apply(const SourceMessage& message) override;
    bool store(MessageSource& source, const std::vector<TopicPartitionOffset>& next) override;
    void discard() override { m_pending.clear(); }
    // Settles one message inside the batch's transaction; why it must go to dead-letters instead.
    std::optional<std::string> settle(const Pending& p, std::uint64_t& events, std::uint64_t& trades);

    UserStore& m_users;
    OrderRepository& m_orders;
    std::mutex& m_guard;
    Settlement m_settlement;
    Logger& m_logger;
    std::function<std::int64_t()> m_clock;
    std::vector<Pending> m_pending;
    std::function<void(const Settlement::Changes&)> m_settled;
    MetricsRegistry::Counter& m_events;
    MetricsRegistry::Counter& m_trades;
    MetricsRegistry::Counter& m_deadLettered;
    MetricsRegistry::Counter& m_refusedTrades;
};

} // namespace kse
