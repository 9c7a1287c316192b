#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "kafka/kafka_client_config.h"
#include "log/logger.h"

namespace kse {

// What the cluster holds and how far each service's consumer group is behind.
struct KafkaSnapshot {
    struct Topic {
        QString name;
        int partitions = 0;
        std::int64_t messages = 0; // Σ (high − low watermark)
        std::int64_t end = 0;      // Σ high watermarks
    };
    struct Lag {
        QString group, topic;
        int partition = 0;
        std::int64_t committed = -1; // −1: nothing committed yet
        std::int64_t end = 0;
        std::int64_t lag() const { return committed < 0 ? end : std::max<std::int64_t>(0, end - committed); }
    };
    std::int64_t at = 0; // ms since the epoch
    bool reachable = false;
    std::vector<Topic> topics;
    std::vector<Lag> lags;
};

// Asks the cluster every 2 s, on a thread of its own, for every contract topic's partitions and
// watermarks and for the committed offsets of the services' groups; delivers each snapshot to
// the owner's thread.
class KafkaStats : public QObject {
    Q_OBJECT
public:
    explicit KafkaStats(Logger& logger, QObject* parent = nullptr);
    ~KafkaStats() override;
    void start(const KafkaClientConfig& kafka);
    void stop();

Q_SIGNALS:
    void snapshot(const kse::KafkaSnapshot& snapshot);

private:
    void run(const KafkaClientConfig& kafka);

    Logger& m_logger;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace kse
