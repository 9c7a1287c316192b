#include "user_analytics/analytics_worker.h"

#include <QDateTime>

#include "domain/limits.h"
#include "domain/money.h"

#include "contract/topics.h"

namespace kse {
namespace {
constexpr std::string_view kComponent = "user-analytics";
}

AnalyticsWorker::AnalyticsWorker(Options options, AnalyticsStore& store, MessageSink& producer,
                                 MetricsRegistry& metrics, Logger& logger)
    : m_options(std::move(options))
    , m_store(store)
    , m_model(store.positions())
    , m_deadLetters(producer)
    , m_logger(logger)
    , m_events(metrics.counter("kse_analytics_events_total", "Events counted into the analytics"))
    , m_deadLettered(metrics.counter("kse_analytics_dead_letters_total", "Messages sent to dead-letters"))
    , m_flushes(metrics.counter("kse_analytics_flushes_total", "Batches stored with their offsets"))
    , m_loop(logger, std::string(kComponent), "analytics stopped") {}

AnalyticsWorker::~AnalyticsWorker() { stop(); }

void AnalyticsWorker::start() {
    Consumer::Options options;
    options.brokers = m_options.brokers;
    options.groupId = m_options.groupId;
    options.clientId = "kse-user-analytics";
    options.extra = {{"fetch.wait.max.ms", "20"}, {"session.timeout.ms", "10000"}, {"heartbeat.interval.ms", "1000"}};
    if (!m_options.instanceId.empty())
        options.extra["group.instance.id"] = m_options.instanceId;
    m_consumer = std::make_unique<Consumer>(options, m_logger);
    m_consumer->onAssigned([this](std::vector<TopicPartitionOffset>& partitions) { onAssigned(partitions); });
    m_consumer->onRevoked([this](const std::vector<TopicPartitionOffset>&) {
        try {
            flush(); // what was counted from the partitions going away, before they go
        } catch (const std::exception& error) {
            m_logger.error(kComponent, "analytics not stored", {{"error", error.what()}});
        }
    });
    m_consumer->subscribe({topics::kUserActivity, topics::kOrderEvents, topics::kTrades});
    m_loop.start([this] { run(); });
}

void AnalyticsWorker::stop() { m_loop.stop(); }

std::optional<std::string> AnalyticsWorker::failure() const { return m_loop.failure(); }

void AnalyticsWorker::onAssigned(std::vector<TopicPartitionOffset>& partitions) {
    // Resume where the analytics database says; Kafka's committed offsets are for lag monitors.
    const auto stored = m_store.offsets();
    for (auto& p : partitions)
        if (const auto it = stored.find({p.topic, p.partition}); it != stored.end())
            p.offset = it->second;
        else
            p.offset = RdKafka::Topic::OFFSET_BEGINNING;
}

void AnalyticsWorker::run() {
    while (!m_loop.stopping()) {
        // With a batch open, a short wait: the fetch queue runs dry for moments while a backlog
        // still streams in, and a batch ended there would be a transaction for a few events.
        auto message = m_consumer->poll(m_pending == 0 ? 50 : 5);
        if (message) {
            handle(*message);
            if (m_pending < m_options.maxBatch)
                continue;
        }
        flush(); // caught up, or a full batch
    }
    flush();
    m_consumer->close();
}

void AnalyticsWorker::handle(const RdKafka::Message& message) {
    const std::string topic = message.topic_name();
    const std::string_view value(static_cast<const char*>(message.payload()), message.len());
    const std::int64_t reference = eventReference(message.timestamp().timestamp, QDateTime::currentMSecsSinceEpoch());
    std::string error;
    try {
        if (topic == topics::kUserActivity) {
            if (auto activity = decodeActivityMessage(value, reference))
                m_model.apply(activity.value());
            else
                error = activity.error();
        } else if (topic == topics::kOrderEvents) {
            if (auto event = decodeOrderEventMessage(value)) {
                // Counted in the minute it says, but no later than the window allows.
                event.value().ts = clampEventTime(event.value().ts, reference);
                m_model.apply(event.value());
            }
            else
                error = event.error();
        } else {
            if (auto trade = decodeTradeMessage(value, reference))
                m_model.apply(trade.value());
            else
                error = trade.error();
        }
    } catch (const ArithmeticOverflow& overflow) {
        // The model changed nothing (it checks before it counts): the message goes aside.
        error = std::string("not counted: ") + overflow.what();
    }
    if (!error.empty()) {
        m_deadLetters.write(topic, message.partition(), message.offset(), error, value);
        m_deadLettered.fetch_add(1, std::memory_order_relaxed);
    }
    m_next[{topic, message.partition()}] = message.offset() + 1;
    ++m_pending;
}

void AnalyticsWorker::flush() {
    if (m_next.empty())
        return;
    std::vector<TopicPartitionOffset> offsets;
    for (const auto& [position, offset] : m_next)
        offsets.push_back({position.first, position.second, offset});
    m_store.write(m_model.take(), offsets);
    m_events.fetch_add(m_pending, std::memory_order_relaxed);
    m_flushes.fetch_add(1, std::memory_order_relaxed);
    m_next.clear();
    m_pending = 0;
    m_consumer->commitAsync(offsets);
}

} // namespace kse
