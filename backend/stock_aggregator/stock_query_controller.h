#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>

#include "http/http_endpoint.h"
#include "stock_aggregator/aggregate_queries.h"

namespace kse {

// GET /api/v1/stocks, /api/v1/stocks/{symbol}, /api/v1/stocks/{symbol}/candles — from the
// Stocks DB.
class StockQueryController {
public:
    explicit StockQueryController(AggregateQueries& queries);
    void registerRoutes(HttpEndpoint& endpoint);

    QHttpServerResponse stocks(const QHttpServerRequest& request);
    QHttpServerResponse stock(const QString& symbol, const QHttpServerRequest& request);
    QHttpServerResponse candles(const QString& symbol, const QHttpServerRequest& request);

private:
    AggregateQueries& m_queries;
};

std::string encodeStock(const AggregateQueries::Stock& stock);
std::string encodeCandle(const Candle& candle);

} // namespace kse
