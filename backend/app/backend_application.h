#pragma once

#include <QObject>
#include <memory>

#include "kafka/embedded_cluster.h"
#include "kafka/producer.h"
#include "log/logger.h"
#include "order_processor/order_processor_service.h"
#include "platform_api/platform_api_service.h"
#include "service/backend_options.h"
#include "service/signal_watcher.h"
#include "stock_aggregator/stock_aggregator_service.h"
#include "stock_ingestor/stock_ingestor_service.h"
#include "user_analytics/user_analytics_service.h"

namespace kse {

// The one place where a kse-backend process is wired: Kafka (embedded or real), the producer,
// the requested services, and an orderly shutdown on SIGINT/SIGTERM.
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
    void noteService(const QString& name, quint16 port); // for the platform's config
    bool runs(const QString& service) const;

    BackendOptions m_options;
    Logger& m_logger;
    std::unique_ptr<EmbeddedCluster> m_embedded;
    QString m_brokers;
    std::unique_ptr<Producer> m_producer;
    std::unique_ptr<StockIngestorService> m_ingestor;
    std::unique_ptr<StockAggregatorService> m_aggregator;
    std::unique_ptr<OrderProcessorService> m_orderProcessor;
    std::unique_ptr<UserAnalyticsService> m_analytics;
    std::unique_ptr<PlatformApiService> m_platform;
    SignalWatcher m_signals;
};

} // namespace kse
