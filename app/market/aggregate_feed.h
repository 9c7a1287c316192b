#pragma once

#include <QObject>
#include <QTimer>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "contract/aggregate_message.h"
#include "kafka/kafka_client_config.h"
#include "log/logger.h"

namespace kse {

class Consumer;

// Live candles from `stock-aggregates`, read on a thread of its own (every partition, from
// the end: history comes over HTTP) and handed to the UI thread in batches every 100 ms, so a
// busy market costs the UI one signal a tenth of a second. librdkafka reconnects by itself;
// `connectedChanged` follows whether the cluster answers. A cluster that refuses the client's
// credentials ends the feed, and `refused` says why.
class AggregateFeed : public QObject {
    Q_OBJECT
public:
    explicit AggregateFeed(Logger& logger, QObject* parent = nullptr);
    ~AggregateFeed() override;

    void start(const KafkaClientConfig& kafka);
    void stop();
    bool connected() const { return m_connected; }
    // The cluster's reason for refusing the credentials (--kafka-config); empty while it has not.
    const QString& refusal() const { return m_refused; }

Q_SIGNALS:
    void candles(const std::vector<kse::AggregateMessage>& batch);
    void connectedChanged(bool connected);
    void refused(const QString& reason);

private:
    void run(KafkaClientConfig kafka);
    bool refusedBy(const Consumer& consumer); // true when the cluster refused the credentials
    void deliver();

    Logger& m_logger;
    QTimer m_timer;
    std::mutex m_mutex;
    std::vector<AggregateMessage> m_pending;
    std::string m_refusal; // by the feed's thread, under m_mutex
    QString m_refused;     // as the UI thread last saw it
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_reachable{false};
    bool m_connected = false;
    std::thread m_thread;
};

} // namespace kse
