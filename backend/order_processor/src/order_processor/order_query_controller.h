#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>

#include "http/http_endpoint.h"
#include "http/http_error.h"
#include "order_processor/book_depth_cache.h"
#include "order_processor/order_store.h"

namespace kse {

// GET /api/v1/book/{symbol}?depth= (from the books as last committed) and
// GET /api/v1/trades/{symbol}?limit= (from the Orders DB); both 421 for a symbol whose partition
// another instance owns.
class OrderQueryController {
public:
    static constexpr int kDefaultDepth = 10;
    static constexpr int kDefaultTrades = 50;
    static constexpr int kMaxTrades = 1'000;

    OrderQueryController(BookDepthCache& depth, TradeQueries& trades);
    void registerRoutes(HttpEndpoint& endpoint);

    QHttpServerResponse book(const QString& symbol, const QHttpServerRequest& request);
    QHttpServerResponse trades(const QString& symbol, const QHttpServerRequest& request);
    // The 421 of a symbol this instance does not answer for.
    static HttpError notOwned(const QString& symbol, std::int32_t partition);

private:
    BookDepthCache& m_depth;
    TradeQueries& m_trades;
};

} // namespace kse
