#include "platform_api/settlement_worker.h"

#include "domain/limits.h"
#include "kafka/topics.h"

namespace kse {
namespace {
constexpr std::string_view kComponent = "platform-settlement";
}

SettlementWorker::SettlementWorker(Options options, UserStore& users, OrderRepository& orders, std::mutex& guard,
                                   MessageSink& producer, MetricsRegistry& metrics, Logger& logger,
                                   std::function<std::int64_t()> clock)
    : m_options(std::move(options))
    , m_users(users)
    , m_orders(orders)
    , m_guard(guard)
    , m_settlement(users, orders)
    , m_deadLetters(producer)
    , m_logger(logger)
    , m_clock(std::move(clock))
    , m_events(metrics.counter("kse_platform_order_events_total", "Order events applied to the platform's orders"))
    , m_trades(metrics.counter("kse_platform_trades_settled_total", "Trades settled between the platform's accounts"))
    , m_deadLettered(metrics.counter("kse_platform_dead_letters_total", "Messages sent to dead-letters"))
    , m_refusedTrades(metrics.counter("kse_platform_trades_refused_total",
                                      "Trades refused because they disagree with the orders they name"))
    , m_loop(logger, std::string(kComponent), "settlement stopped") {}

SettlementWorker::~SettlementWorker() { stop(); }

void SettlementWorker::start() {
    Consumer::Options options;
    options.brokers = m_options.brokers;
    options.groupId = m_options.groupId;
    options.clientId = "kse-platform-api";
    options.extra = {{"fetch.wait.max.ms", "5"}, {"session.timeout.ms", "10000"}, {"heartbeat.interval.ms", "1000"}};
    if (!m_options.instanceId.empty())
        options.extra["group.instance.id"] = m_options.instanceId;
    m_consumer = std::make_unique<Consumer>(options, m_logger);
    m_consumer->onAssigned([this](std::vector<TopicPartitionOffset>& partitions) { onAssigned(partitions); });
    m_consumer->onRevoked([this](const std::vector<TopicPartitionOffset>&) {
        try {
            flush();
        } catch (const std::exception& error) {
            m_logger.error(kComponent, "settlement failed", {{"error", error.what()}});
        }
    });
    startAtTheEndIfNew();
    m_consumer->subscribe({topics::kOrderEvents, topics::kTrades});
    m_loop.start([this] { run(); });
}

void SettlementWorker::startAtTheEndIfNew() {
    // A new Users DB has no orders, so nothing before now concerns it: it starts at the current
    // ends (taken before the first order can be placed), not at the beginning of the history.
    const std::lock_guard lock(m_guard);
    if (!m_orders.offsets().empty())
        return;
    SqliteTransaction transaction(m_users.db());
    for (const std::string& topic : {topics::kOrderEvents, topics::kTrades})
        for (int p = 0, n = m_consumer->partitionCount(topic); p < n; ++p)
            m_orders.saveOffset(topic, p, m_consumer->watermarks(topic, p).second);
    transaction.commit();
}

void SettlementWorker::stop() {
    m_loop.stop();
    // A loop that ended in failure did not close the consumer; closing it revokes the partitions,
    // whose hook flushes. The batch that failed is dropped (it is read again from the stored
    // offsets next time), and the consumer goes while everything its hooks use still exists.
    m_pending.clear();
    m_consumer.reset();
}

std::optional<std::string> SettlementWorker::failure() const { return m_loop.failure(); }

void SettlementWorker::onAssigned(std::vector<TopicPartitionOffset>& partitions) {
    // Resume where the Users DB says this service got to; the group's committed offsets are
    // only for lag monitors.
    const std::lock_guard lock(m_guard);
    const auto stored = m_orders.offsets();
    for (auto& p : partitions)
        if (const auto it = stored.find({p.topic, p.partition}); it != stored.end())
            p.offset = it->second;
        else
            p.offset = RdKafka::Topic::OFFSET_BEGINNING;
}

void SettlementWorker::run() {
    while (!m_loop.stopping()) {
        auto message = m_consumer->poll(m_pending.empty() ? 50 : 0);
        if (message) {
            m_pending.push_back({message->topic_name(), message->partition(), message->offset(),
                                 message->timestamp().timestamp,
                                 std::string(static_cast<const char*>(message->payload()), message->len())});
            if (m_pending.size() < m_options.maxBatch)
                continue;
        }
        flush();
    }
    flush();
    m_consumer->close();
}

std::optional<std::string> SettlementWorker::apply(const Pending& message, std::uint64_t& events,
                                                   std::uint64_t& trades) {
    if (message.topic == topics::kTrades) {
        auto trade = decodeTradeMessage(message.value, eventReference(message.timestamp, m_clock()));
        if (!trade)
            return trade.error();
        const auto outcome = m_settlement.applyTrade(trade.value());
        if (!outcome.refusal.empty()) {
            m_refusedTrades.fetch_add(1, std::memory_order_relaxed);
            return outcome.refusal;
        }
        trades += outcome.changed ? 1 : 0;
        m_orders.saveLastPrice(trade.value().symbol, trade.value().price.ticks(), trade.value().ts);
        return std::nullopt;
    }
    auto event = decodeOrderEventMessage(message.value);
    if (!event)
        return event.error();
    const auto outcome = m_settlement.applyEvent(event.value());
    events += outcome.changed ? 1 : 0;
    return outcome.refusal.empty() ? std::nullopt : std::optional(outcome.refusal);
}

void SettlementWorker::flush() {
    if (m_pending.empty())
        return;
    std::map<std::pair<std::string, std::int32_t>, std::int64_t> next;
    std::uint64_t events = 0, trades = 0;
    {
        const std::lock_guard lock(m_guard);
        SqliteTransaction transaction(m_users.db());
        for (const Pending& p : m_pending) {
            next[{p.topic, p.partition}] = p.offset + 1;
            // Each message in a savepoint of its own: one that cannot be applied (refused, or an
            // amount that would overflow) is undone alone and dead-lettered, and the batch goes on.
            // A failing database is not the message's fault: that still ends the batch.
            std::optional<std::string> error;
            SqliteSavepoint savepoint(m_users.db());
            try {
                error = apply(p, events, trades);
                if (!error)
                    savepoint.release();
            } catch (const StoreError&) {
                throw;
            } catch (const std::exception& failure) {
                error = std::string("not applied: ") + failure.what();
            }
            if (error) {
                m_deadLetters.write(p.topic, p.partition, p.offset, *error, p.value);
                m_deadLettered.fetch_add(1, std::memory_order_relaxed);
                m_logger.warning(kComponent, "message refused", {{"topic", p.topic}, {"error", *error}});
            }
        }
        for (const auto& [position, offset] : next)
            m_orders.saveOffset(position.first, position.second, offset);
        transaction.commit();
    }
    m_events.fetch_add(events, std::memory_order_relaxed);
    m_trades.fetch_add(trades, std::memory_order_relaxed);
    std::vector<TopicPartitionOffset> offsets;
    for (const auto& [position, offset] : next)
        offsets.push_back({position.first, position.second, offset});
    m_pending.clear();
    m_consumer->commitAsync(offsets); // for lag monitors: the Users DB is where this resumes
}

} // namespace kse
