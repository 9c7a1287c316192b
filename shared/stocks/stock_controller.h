#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <cstdint>
#include <functional>

#include "http/http_endpoint.h"
#include "stocks/tick_publisher.h"

namespace kse {

// POST /api/v1/stock and POST /api/v1/stocks, compatible with the original ingestor. A 201 says
// the ticks are on `stock-ingress` (every in-sync replica has them), not merely queued.
class StockController {
public:
    using Clock = std::function<std::int64_t()>; // milliseconds since the epoch
    // Throws HttpError when the caller may not submit prices (the platform API: admins only).
    using Authorize = std::function<void(const QHttpServerRequest&)>;

    StockController(TickPublisher& publisher, MetricsRegistry& metrics, Clock clock, Authorize authorize = {});
    void registerRoutes(HttpEndpoint& endpoint);

    QHttpServerResponse addStock(const QHttpServerRequest& request);
    QHttpServerResponse addStocks(const QHttpServerRequest& request);

private:
    // 201 only once every tick is on `stock-ingress`.
    QHttpServerResponse answer(const TickPublisher::Stored& stored, std::size_t count, const QByteArray& created);

    TickPublisher& m_publisher;
    Clock m_clock;
    Authorize m_authorize;
    MetricsRegistry::Counter& m_invalid;
};

} // namespace kse
