#include "user_analytics/analytics_worker.h"

#include <QDateTime>

#include "domain/limits.h"
#include "domain/money.h"

#include "contract/topics.h"

namespace kse {
namespace {
constexpr std::string_view kComponent = "user-analytics";

ConsumerLoop::Options loopOptions(const AnalyticsWorker::Options& options, MetricsRegistry::Counter& deadLettered) {
    auto loop = ConsumerLoop::Options::reporting(kComponent, "analytics stopped", deadLettered);
    // Counters are kept per partition, so a rebalance need only move the partitions that change
    // owner: every other keeps being counted through it.
    loop.source = {options.groupId,
                   "kse-user-analytics",
                   options.instanceId,
                   true,
                   {{"fetch.wait.max.ms", "20"}, {"partition.assignment.strategy", "cooperative-sticky"}}};
    loop.topics = {topics::kUserActivity, topics::kOrderEvents, topics::kTrades};
    loop.maxBatch = options.maxBatch;
    // With a batch open, a short wait: the fetch queue runs dry for moments while a backlog
    // still streams in, and a batch ended there would be a transaction for a few events.
    loop.busyWaitMs = 5;
    loop.clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    return loop;
}
} // namespace

AnalyticsWorker::AnalyticsWorker(const Options& options, MessageSourceFactory& sources, AnalyticsStore& store,
                                 MessageSink& producer, MetricsRegistry& metrics, Logger& logger)
    : m_store(store)
    , m_events(metrics.counter("kse_analytics_events_total", "Events counted into the analytics"))
    , m_deadLettered(metrics.counter("kse_analytics_dead_letters_total", "Messages sent to dead-letters"))
    , m_flushes(metrics.counter("kse_analytics_flushes_total", "Batches stored with their offsets")) {
    metrics.gauge("kse_analytics_partitions",
                  "Partitions of user-activity, order-events and trades this member owns now (and answers for)",
                  [owned = m_ownedCount] { return static_cast<double>(owned->load(std::memory_order_relaxed)); });
    makeLoop(loopOptions(options, m_deadLettered), sources, producer, metrics, logger);
}

void AnalyticsWorker::resume(MessageSource&, std::vector<TopicPartitionOffset>& partitions) {
    // Resume where the analytics database says; Kafka's committed offsets are for lag monitors.
    // The counters of each part are those of its offset: a part this member held before and
    // gets back goes on from there, however far another member has taken it meanwhile.
    resumeFrom(m_store.offsets(), partitions);
    std::vector<PartId> parts;
    for (const auto& p : partitions) {
        const PartId part = m_store.part(p.topic, p.partition);
        m_model.load(part, m_store.positions(part));
        parts.push_back(part);
        m_owned.insert(part);
    }
    m_store.own(parts, true);
    m_ownedCount->store(static_cast<std::int64_t>(m_owned.size()), std::memory_order_relaxed);
}

void AnalyticsWorker::revoked(const std::vector<TopicPartitionOffset>& partitions) {
    std::vector<PartId> parts;
    for (const auto& p : partitions) {
        const PartId part = m_store.part(p.topic, p.partition);
        m_model.release(part);
        parts.push_back(part);
        m_owned.erase(part);
    }
    m_store.own(parts, false);
    m_ownedCount->store(static_cast<std::int64_t>(m_owned.size()), std::memory_order_relaxed);
}

void AnalyticsWorker::stopped() {
    // Whatever ended the loop, this member answers for no partition any more.
    m_store.disownAll();
    m_owned.clear();
    m_ownedCount->store(0, std::memory_order_relaxed);
}

std::optional<std::string> AnalyticsWorker::apply(const SourceMessage& message) {
    const std::string_view value = message.value;
    const PartId part = m_store.part(message.topic, message.partition);
    const std::int64_t reference = eventReference(message.timestamp, QDateTime::currentMSecsSinceEpoch());
    std::string error;
    ++m_pending;
    try {
        if (message.topic == topics::kUserActivity) {
            if (auto activity = decodeActivityMessage(value, reference))
                m_model.apply(part, activity.value());
            else
                error = activity.error();
        } else if (message.topic == topics::kOrderEvents) {
            if (auto event = decodeOrderEventMessage(value)) {
                // Counted in the minute it says, but no later than the window allows.
                event.value().ts = clampEventTime(event.value().ts, reference);
                m_model.apply(part, event.value());
            } else
                error = event.error();
        } else {
            if (auto trade = decodeTradeMessage(value, reference))
                m_model.apply(part, trade.value());
            else
                error = trade.error();
        }
    } catch (const ArithmeticOverflow& overflow) {
        // The model changed nothing (it checks before it counts): the message goes aside.
        error = std::string("not counted: ") + overflow.what();
    }
    return error.empty() ? std::nullopt : std::optional(error);
}

bool AnalyticsWorker::store(MessageSource&, const std::vector<TopicPartitionOffset>& next) {
    m_store.write(m_model.take(), next);
    m_events.fetch_add(m_pending, std::memory_order_relaxed);
    m_flushes.fetch_add(1, std::memory_order_relaxed);
    m_pending = 0;
    return true;
}

void AnalyticsWorker::discard() {
    m_model.take();
    m_pending = 0;
}

} // namespace kse
