#include "monitor/topic_tail.h"

#include "kafka/consumer.h"

namespace kse {
namespace {
// What a person can read of a firehose: the newest lines of each 200 ms, not every message.
constexpr qsizetype kMaxPending = 100;
} // namespace

TopicTail::TopicTail(Logger& logger, QObject* parent) : QObject(parent), m_logger(logger) {
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        QStringList batch;
        {
            const std::lock_guard lock(m_mutex);
            batch.swap(m_pending);
        }
        if (!batch.isEmpty())
            Q_EMIT lines(batch);
    });
}

TopicTail::~TopicTail() { stop(); }

void TopicTail::start(const KafkaClientConfig& kafka, const std::string& topic) {
    stop();
    m_stop = false;
    m_thread = std::thread([this, kafka, topic] { run(kafka, topic); });
    m_timer.start();
}

void TopicTail::stop() {
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    m_timer.stop();
    const std::lock_guard lock(m_mutex);
    m_pending.clear();
}

void TopicTail::run(KafkaClientConfig kafka, const std::string& topic) {
    try {
        Consumer::Options options;
        options.brokers = std::move(kafka.brokers);
        options.properties = std::move(kafka.properties);
        options.groupId = "kse-desktop-tail"; // never joined
        options.clientId = "kse-desktop-tail";
        options.readCommitted = false;
        Consumer consumer(options, m_logger);
        const int partitions = consumer.partitionCount(topic, 5'000);
        std::vector<TopicPartitionOffset> all;
        for (int p = 0; p < partitions; ++p)
            all.push_back({topic, p, RdKafka::Topic::OFFSET_END});
        if (all.empty())
            return;
        consumer.assign(all);
        while (!m_stop) {
            auto message = consumer.poll(100);
            if (!message)
                continue;
            const QString line =
                QStringLiteral("%1:%2 %3 %4")
                    .arg(message->partition())
                    .arg(message->offset())
                    .arg(message->key() ? QString::fromStdString(*message->key()) : QStringLiteral("-"),
                         QString::fromUtf8(static_cast<const char*>(message->payload()),
                                           static_cast<qsizetype>(message->len())));
            const std::lock_guard lock(m_mutex);
            if (m_pending.size() >= kMaxPending)
                m_pending.removeFirst();
            m_pending.append(line);
        }
        consumer.close();
    } catch (const std::exception& error) {
        m_logger.error("kse-desktop", "topic tail stopped", {{"error", error.what()}});
    }
}

} // namespace kse
