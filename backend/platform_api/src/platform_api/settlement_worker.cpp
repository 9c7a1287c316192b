#include "platform_api/settlement_worker.h"

#include "contract/topics.h"
#include "domain/limits.h"

#include <unordered_map>

namespace kse {
namespace {
constexpr std::string_view kComponent = "platform-settlement";

ConsumerLoop::Options loopOptions(const SettlementWorker::Options& options, std::function<std::int64_t()> clock,
                                  MetricsRegistry::Counter& deadLettered) {
    auto loop = ConsumerLoop::Options::reporting(kComponent, "settlement stopped", deadLettered);
    loop.source = {options.groupId, "kse-platform-api", options.instanceId, true, {{"fetch.wait.max.ms", "5"}}};
    loop.topics = {topics::kOrderEvents, topics::kTrades};
    loop.maxBatch = options.maxBatch;
    loop.clock = std::move(clock);
    return loop;
}
} // namespace

SettlementWorker::SettlementWorker(const Options& options, MessageSourceFactory& sources, UserStore& users,
                                   OrderRepository& orders, std::mutex& guard, MessageSink& producer,
                                   MetricsRegistry& metrics, Logger& logger, std::function<std::int64_t()> clock)
    : m_users(users)
    , m_orders(orders)
    , m_guard(guard)
    , m_settlement(users, orders)
    , m_logger(logger)
    , m_clock(std::move(clock))
    , m_settled(options.settled)
    , m_events(metrics.counter("kse_platform_order_events_total", "Order events applied to the platform's orders"))
    , m_trades(metrics.counter("kse_platform_trades_settled_total", "Trades settled between the platform's accounts"))
    , m_deadLettered(metrics.counter("kse_platform_dead_letters_total", "Messages sent to dead-letters"))
    , m_refusedTrades(metrics.counter("kse_platform_trades_refused_total",
                                      "Trades refused because they disagree with the orders they name")) {
    makeLoop(loopOptions(options, m_clock, m_deadLettered), sources, producer, metrics, logger);
}

void SettlementWorker::opened(MessageSource& source) {
    // A new Users DB has no orders, so nothing before now concerns it: it starts at the current
    // ends (taken before the first order can be placed), not at the beginning of the history.
    const std::lock_guard lock(m_guard);
    if (!m_orders.offsets().empty())
        return;
    SqliteTransaction transaction(m_users.db());
    for (const std::string& topic : {topics::kOrderEvents, topics::kTrades})
        for (int p = 0, n = source.partitionCount(topic); p < n; ++p)
            m_orders.saveOffset(topic, p, source.watermarks(topic, p).second);
    transaction.commit();
}

void SettlementWorker::resume(MessageSource&, std::vector<TopicPartitionOffset>& partitions) {
    // Resume where the Users DB says this service got to; the group's committed offsets are
    // only for lag monitors.
    const std::lock_guard lock(m_guard);
    resumeFrom(m_orders.offsets(), partitions);
}

std::optional<std::string> SettlementWorker::apply(const SourceMessage& message) {
    m_pending.push_back({message.topic, message.partition, message.offset, message.timestamp, message.value});
    return std::nullopt;
}

std::optional<std::string> SettlementWorker::settle(const Pending& p, std::uint64_t& events, std::uint64_t& trades) {
    if (p.topic == topics::kTrades) {
        auto trade = decodeTradeMessage(p.value, eventReference(p.timestamp, m_clock()));
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
    auto event = decodeOrderEventMessage(p.value);
    if (!event)
        return event.error();
    const auto outcome = m_settlement.applyEvent(event.value());
    events += outcome.changed ? 1 : 0;
    return outcome.refusal.empty() ? std::nullopt : std::optional(outcome.refusal);
}

bool SettlementWorker::store(MessageSource&, const std::vector<TopicPartitionOffset>& next) {
    std::uint64_t events = 0, trades = 0;
    Settlement::Changes changes;
    std::unordered_map<std::string, std::size_t> orderAt; // order id → its place in changes.orders
    {
        const std::lock_guard lock(m_guard);
        SqliteTransaction transaction(m_users.db());
        for (const Pending& p : m_pending) {
            // Each message in a savepoint of its own: one that cannot be applied (refused, or an
            // amount that would overflow) is undone alone and dead-lettered, and the batch goes on.
            // A failing database is not the message's fault: that still ends the batch.
            std::optional<std::string> error;
            SqliteSavepoint savepoint(m_users.db());
            try {
                error = settle(p, events, trades);
                if (!error)
                    savepoint.release();
            } catch (const StoreError&) {
                throw;
            } catch (const std::exception& failure) {
                error = std::string("not applied: ") + failure.what();
            }
            auto changed = m_settlement.takeChanges();
            if (error) {
                loop().deadLetter(p.topic, p.partition, p.offset, *error, p.value);
                m_logger.warning(kComponent, "message refused", {{"topic", p.topic}, {"error", *error}});
                continue;
            }
            for (PlatformOrder& order : changed.orders) {
                const auto [at, fresh] = orderAt.try_emplace(order.id, changes.orders.size());
                if (fresh)
                    changes.orders.push_back(std::move(order));
                else
                    changes.orders[at->second] = std::move(order);
            }
            for (auto& fill : changed.fills)
                changes.fills.push_back(std::move(fill));
        }
        for (const auto& offset : next)
            m_orders.saveOffset(offset.topic, offset.partition, offset.offset);
        transaction.commit();
    }
    m_events.fetch_add(events, std::memory_order_relaxed);
    m_trades.fetch_add(trades, std::memory_order_relaxed);
    m_pending.clear();
    if (m_settled && !changes.empty())
        m_settled(changes);
    return true;
}

} // namespace kse
