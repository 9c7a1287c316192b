#pragma once

#include <QHostAddress>
#include <memory>

#include "http/http_endpoint.h"
#include "http/metrics_registry.h"
#include "kafka/message_source_factory.h"
#include "kafka/producer.h"
#include "log/logger.h"
#include "service/backend_options.h"
#include "stock_aggregator/aggregate_queries.h"
#include "stock_aggregator/aggregate_store.h"
#include "stock_aggregator/aggregator_worker.h"
#include "stock_aggregator/owned_stock_queries.h"
#include "stocks/stock_query_controller.h"

namespace kse {

// The stock aggregator wired together: worker (Kafka → core → SQLite → stock-aggregates) and
// the HTTP API over the same Stocks DB.
class StockAggregatorService {
public:
    static constexpr quint16 kDefaultPort = 8083;

    StockAggregatorService(const BackendOptions& options, MessageSourceFactory& sources, Producer& producer,
                           Logger& logger);
    ~StockAggregatorService();
    quint16 start(const QHostAddress& address, quint16 port);
    void stop();

private:
    MetricsRegistry m_metrics;
    HttpEndpoint m_endpoint;
    AggregateStore m_store;
    AggregateQueries m_queries;
    AggregatorWorker m_worker;
    OwnedStockQueries m_ownedQueries; // what the HTTP API answers: the symbols owned now
    StockQueryController m_controller;
};

} // namespace kse
