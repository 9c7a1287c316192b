#include "monitor/kafka_stats.h"

#include <QDateTime>
#include <QMetaObject>
#include <chrono>
#include <map>
#include <memory>

#include "contract/consumer_groups.h"
#include "kafka/consumer.h"

namespace kse {

KafkaStats::KafkaStats(Logger& logger, QObject* parent) : QObject(parent), m_logger(logger) {}

KafkaStats::~KafkaStats() { stop(); }

void KafkaStats::start(const KafkaClientConfig& kafka) {
    stop();
    m_stop = false;
    m_thread = std::thread([this, kafka] { run(kafka); });
}

void KafkaStats::stop() {
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void KafkaStats::run(const KafkaClientConfig& kafka) {
    const auto consumerFor = [&](const std::string& group) {
        Consumer::Options options;
        options.brokers = kafka.brokers;
        options.properties = kafka.properties;
        options.groupId = group; // never joined: only its committed offsets are read
        options.clientId = "kse-desktop-monitor";
        return std::make_unique<Consumer>(options, m_logger);
    };
    try {
        auto meta = consumerFor("kse-desktop-monitor");
        std::map<std::string, std::unique_ptr<Consumer>> members;
        for (const auto& [group, topicNames] : groups::committing())
            members[group] = consumerFor(group);
        while (!m_stop) {
            KafkaSnapshot s;
            s.at = QDateTime::currentMSecsSinceEpoch();
            std::map<std::pair<std::string, int>, std::int64_t> ends;
            try {
                for (const std::string& topic : topics::all()) {
                    KafkaSnapshot::Topic t{QString::fromStdString(topic), meta->partitionCount(topic, 2'000), 0, 0};
                    for (int p = 0; p < t.partitions; ++p) {
                        const auto [low, high] = meta->watermarks(topic, p, 2'000);
                        t.messages += high - low;
                        t.end += high;
                        ends[{topic, p}] = high;
                    }
                    s.topics.push_back(t);
                }
                for (const auto& [group, topicNames] : groups::committing()) {
                    std::vector<TopicPartitionOffset> partitions;
                    for (const auto& [key, end] : ends)
                        if (std::find(topicNames.begin(), topicNames.end(), key.first) != topicNames.end())
                            partitions.push_back({key.first, key.second, 0});
                    for (const auto& c : members[group]->committed(partitions, 2'000))
                        s.lags.push_back({QString::fromStdString(group), QString::fromStdString(c.topic), c.partition,
                                          c.offset, ends[{c.topic, c.partition}]});
                }
                s.reachable = true;
            } catch (const std::exception& error) {
                s.reachable = false; // shown as such; asked again next round
            }
            QMetaObject::invokeMethod(
                this, [this, s] { Q_EMIT snapshot(s); }, Qt::QueuedConnection);
            for (int i = 0; i < 20 && !m_stop; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    } catch (const std::exception& error) {
        m_logger.error("kse-desktop", "kafka monitor stopped", {{"error", error.what()}});
    }
}

} // namespace kse
