#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <functional>
#include <string>

#include "http/http_endpoint.h"
#include "stocks/stock_queries.h"

namespace kse {

// GET /api/v1/stocks, /api/v1/stocks/{symbol}, /api/v1/stocks/{symbol}/candles — from the
// Stocks DB, or from any other StockQueries.
class StockQueryController {
public:
    // Told of each symbol a caller looked at (stock or candles), e.g. to publish user activity.
    using ViewHook = std::function<void(const std::string& symbol, const QHttpServerRequest& request)>;

    explicit StockQueryController(StockQueries& queries, ViewHook onView = {});
    void registerRoutes(HttpEndpoint& endpoint);

    QHttpServerResponse stocks(const QHttpServerRequest& request);
    QHttpServerResponse stock(const QString& symbol, const QHttpServerRequest& request);
    QHttpServerResponse candles(const QString& symbol, const QHttpServerRequest& request);

private:
    StockQueries& m_queries;
    ViewHook m_onView;
};

std::string encodeStock(const StockQueries::Stock& stock);
std::string encodeCandle(const Candle& candle);

} // namespace kse
