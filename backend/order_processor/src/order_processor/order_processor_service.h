#pragma once

#include <QHostAddress>
#include <optional>

#include "http/http_endpoint.h"
#include "http/metrics_registry.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"
#include "order_processor/book_depth_cache.h"
#include "order_processor/order_processor_worker.h"
#include "order_processor/order_query_controller.h"
#include "order_processor/order_store.h"
#include "service/backend_options.h"

namespace kse {

// The order processor wired together: the worker (orders → books → order-events, trades, the
// Orders DB) and the HTTP API over its committed books and stored trades.
class OrderProcessorService {
public:
    static constexpr quint16 kDefaultPort = 8084;

    // `transactional`: a real broker (Kafka transactions); false on the embedded cluster.
    OrderProcessorService(const BackendOptions& options, const QString& brokers, MessageSourceFactory& sources,
                          bool transactional, Logger& logger);
    ~OrderProcessorService();
    quint16 start(const QHostAddress& address, quint16 port);
    void stop();
    // The body of GET /api/v1/book/{symbol}?depth= for a valid symbol, for a platform API in the
    // same process, from any thread (BookDepthCache has its own lock); nothing while the symbol's
    // partition is not this instance's.
    std::optional<std::string> bookJson(const std::string& symbol, int depth) const;

private:
    MetricsRegistry m_metrics;
    HttpEndpoint m_endpoint;
    OrderStore m_store;
    TradeQueries m_queries;
    BookDepthCache m_depth;
    OrderQueryController m_controller;
    OrderProcessorWorker m_worker;
};

} // namespace kse
