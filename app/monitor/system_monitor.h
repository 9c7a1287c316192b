#pragma once

#include <QMap>
#include <QNetworkAccessManager>
#include <QTimer>
#include <QWidget>

#include "api/platform_client.h"
#include "kafka/kafka_client_config.h"
#include "log/logger.h"
#include "monitor/kafka_stats.h"
#include "monitor/topic_tail.h"

class QChart;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QPlainTextEdit;
class QTableWidget;
class QValueAxis;

namespace kse {

// The system at a glance: each service's health (GET /api/v1/healthcheck) and its KSE metrics
// (GET /metrics), every topic with its partitions, messages and rate, each service's consumer
// group with its lag per partition and over time, and a live tail of a chosen topic. The
// services come from GET /api/v1/config, and so do the brokers unless `kafka` names them.
class SystemMonitor : public QWidget {
    Q_OBJECT
public:
    SystemMonitor(PlatformClient& api, KafkaClientConfig kafka, Logger& logger, QWidget* parent = nullptr);
    ~SystemMonitor() override;

    // Starts watching (asks the API where everything is first).
    void start();
    void tail(const QString& topic);

    QTableWidget* services() const { return m_services; }
    QTableWidget* topics() const { return m_topics; }
    QTableWidget* lags() const { return m_lags; }
    QPlainTextEdit* tailText() const { return m_tailText; }
    int lagPoints() const;

private:
    void pollServices();
    void showSnapshot(const KafkaSnapshot& snapshot);
    void showMetrics(int row);

    PlatformClient& m_api;
    KafkaClientConfig m_kafka; // brokers: as given, else as the configuration says
    QNetworkAccessManager m_network;
    KafkaStats m_stats;
    TopicTail m_tail;
    QMap<QString, QString> m_urls; // service → base URL
    QString m_brokers;
    QMap<QString, std::pair<std::int64_t, std::int64_t>> m_lastEnds; // topic → (at, end) for rates
    QMap<QString, QLineSeries*> m_lagSeries;
    QTableWidget* m_services;
    QPlainTextEdit* m_metrics;
    QTableWidget* m_topics;
    QTableWidget* m_lags;
    QChart* m_lagChart;
    QDateTimeAxis* m_lagTime;
    QValueAxis* m_lagAxis;
    QComboBox* m_tailTopic;
    QPlainTextEdit* m_tailText;
    QLabel* m_state;
    QTimer m_timer;
};

} // namespace kse
