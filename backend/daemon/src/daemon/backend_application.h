#pragma once

#include <QHostAddress>
#include <QObject>
#include <functional>
#include <map>
#include <memory>

#include "kafka/embedded_cluster.h"
#include "kafka/kafka_source_factory.h"
#include "kafka/producer.h"
#include "log/logger.h"
#include "order_processor/order_processor_service.h"
#include "platform_api/platform_api_service.h"
#include "service/backend_options.h"
#include "service/service_thread.h"
#include "service/signal_watcher.h"
#include "stock_aggregator/stock_aggregator_service.h"
#include "stock_ingestor/stock_ingestor_service.h"
#include "user_analytics/user_analytics_service.h"

namespace kse {

// The one place where a kse-backend process is wired: Kafka (embedded or real), the producer,
// the requested services — each made, run and destroyed on a ServiceThread of its own — and an
// orderly shutdown on SIGINT/SIGTERM.
class BackendApplication : public QObject {
    Q_OBJECT
public:
    BackendApplication(BackendOptions options, Logger& logger);
    ~BackendApplication() override;

    // Starts everything; throws with a readable message when something cannot start.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void connectKafka();
    void shutdown(int signalNumber);
    void createAdmins();
    // For the platform's config.
    void noteService(const QString& name, const QHostAddress& address, quint16 port);
    bool runs(const QString& service) const;
    // The thread `service` runs on, started on first use.
    ServiceThread& threadOf(const QString& service);
    // Starts `service` on its thread (`start` gets the address and port to listen on) and announces it.
    quint16 listen(const QString& service, quint16 defaultPort,
                   const std::function<quint16(const QHostAddress&, quint16)>& start);
    // Destroys each service on its thread in the shutdown order, then ends the threads.
    void stopServices();

    BackendOptions m_options;
    Logger& m_logger;
    std::unique_ptr<EmbeddedCluster> m_embedded;
    QString m_brokers;
    std::unique_ptr<Producer> m_producer;
    std::unique_ptr<KafkaSourceFactory> m_sources;
    std::unique_ptr<StockIngestorService> m_ingestor;
    std::unique_ptr<StockAggregatorService> m_aggregator;
    std::unique_ptr<OrderProcessorService> m_orderProcessor;
    std::unique_ptr<UserAnalyticsService> m_analytics;
    std::unique_ptr<PlatformApiService> m_platform;
    std::map<QString, std::unique_ptr<ServiceThread>> m_threads;
    SignalWatcher m_signals;
};

} // namespace kse
