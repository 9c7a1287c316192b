#include "market/aggregate_feed.h"

#include <QDateTime>

#include "domain/limits.h"

#include <chrono>

#include "contract/consumer_groups.h"
#include "kafka/consumer.h"

namespace kse {

AggregateFeed::AggregateFeed(Logger& logger, QObject* parent) : QObject(parent), m_logger(logger) {
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &AggregateFeed::deliver);
}

AggregateFeed::~AggregateFeed() { stop(); }

void AggregateFeed::start(const KafkaClientConfig& kafka) {
    stop();
    m_stop = false;
    {
        const std::lock_guard lock(m_mutex);
        m_refusal.clear();
    }
    m_thread = std::thread([this, kafka] { run(kafka); });
    m_timer.start();
}

void AggregateFeed::stop() {
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    m_timer.stop();
}

void AggregateFeed::run(KafkaClientConfig kafka) {
    try {
        Consumer::Options options;
        options.brokers = std::move(kafka.brokers);
        options.properties = std::move(kafka.properties);
        options.groupId = groups::kDesktop; // never joined: every partition is assigned
        options.clientId = "kse-desktop";
        options.readCommitted = false;
        options.extra = {{"fetch.wait.max.ms", "50"}, {"reconnect.backoff.max.ms", "2000"}};
        Consumer consumer(options, m_logger);
        int partitions = 0;
        while (!m_stop && partitions == 0) { // no metadata yet: the cluster is not there (yet)
            try {
                partitions = consumer.partitionCount(topics::kStockAggregates, 2'000);
            } catch (const std::exception&) {
                partitions = 0;
            }
            m_reachable = partitions > 0;
            consumer.poll(0); // serves the client's events: a refusal of its credentials among them
            if (refusedBy(consumer))
                return;
        }
        std::vector<TopicPartitionOffset> all;
        for (int p = 0; p < partitions; ++p)
            all.push_back({topics::kStockAggregates, p, RdKafka::Topic::OFFSET_END});
        if (!all.empty())
            consumer.assign(all);
        m_reachable = partitions > 0;
        auto lastHeard = std::chrono::steady_clock::now();
        while (!m_stop) {
            auto message = consumer.poll(100);
            if (!message) {
                if (refusedBy(consumer))
                    return;
                // Quiet for a while: ask the cluster for metadata to know whether it is there.
                if (std::chrono::steady_clock::now() - lastHeard > std::chrono::seconds(3)) {
                    try {
                        m_reachable = consumer.partitionCount(topics::kStockAggregates, 1'000) > 0;
                    } catch (const std::exception&) {
                        m_reachable = false;
                    }
                    lastHeard = std::chrono::steady_clock::now();
                }
                continue;
            }
            m_reachable = true;
            lastHeard = std::chrono::steady_clock::now();
            auto decoded = decodeAggregateMessage(
                std::string_view(static_cast<const char*>(message->payload()), message->len()),
                eventReference(message->timestamp().timestamp, QDateTime::currentMSecsSinceEpoch()));
            if (!decoded)
                continue; // the platform sends these to dead-letters; the client only skips them
            const std::lock_guard lock(m_mutex);
            m_pending.push_back(std::move(decoded.value()));
        }
        consumer.close();
    } catch (const std::exception& error) {
        m_logger.error("kse-desktop", "market data stopped", {{"error", error.what()}});
        m_reachable = false;
    }
}

bool AggregateFeed::refusedBy(const Consumer& consumer) {
    // Credentials the cluster refused stay refused: trying on would only fill its logs.
    std::string reason = consumer.refusal();
    if (reason.empty())
        return false;
    m_logger.error("kse-desktop", "market data stopped: the cluster refused the credentials (check --kafka-config)",
                   {{"error", reason}});
    m_reachable = false;
    const std::lock_guard lock(m_mutex);
    m_refusal = std::move(reason);
    return true;
}

void AggregateFeed::deliver() {
    std::vector<AggregateMessage> batch;
    std::string refusal;
    {
        const std::lock_guard lock(m_mutex);
        batch.swap(m_pending);
        refusal = m_refusal;
    }
    if (const QString reason = QString::fromStdString(refusal); reason != m_refused) {
        m_refused = reason;
        if (!reason.isEmpty())
            Q_EMIT refused(reason);
    }
    const bool reachable = m_reachable;
    if (reachable != m_connected) {
        m_connected = reachable;
        Q_EMIT connectedChanged(reachable);
    }
    if (!batch.empty())
        Q_EMIT candles(batch);
}

} // namespace kse
