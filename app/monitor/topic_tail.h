#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "kafka/kafka_client_config.h"
#include "log/logger.h"

namespace kse {

// The newest messages of one topic as they arrive ("partition:offset key value"), read from the
// end of every partition on a thread of its own and handed over every 200 ms.
class TopicTail : public QObject {
    Q_OBJECT
public:
    explicit TopicTail(Logger& logger, QObject* parent = nullptr);
    ~TopicTail() override;
    void start(const KafkaClientConfig& kafka, const std::string& topic);
    void stop();

Q_SIGNALS:
    void lines(const QStringList& lines);

private:
    void run(KafkaClientConfig kafka, const std::string& topic);

    Logger& m_logger;
    QTimer m_timer;
    std::mutex m_mutex;
    QStringList m_pending;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace kse
