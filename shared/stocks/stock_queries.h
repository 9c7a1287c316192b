#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/candle.h"
#include "domain/interval.h"
#include "domain/session_stats.h"

namespace kse {

// The read side of market data that the stocks HTTP API answers from: the aggregator's own
// Stocks DB, or another service's view of `stock-aggregates`.
class StockQueries {
public:
    struct Stock {
        std::string symbol;
        SessionStats stats;
    };
    struct CandleQuery {
        Interval interval = Interval::Minute1;
        std::optional<std::int64_t> from; // start >= from
        std::optional<std::int64_t> to;   // start <= to
        int limit = 500;                  // the newest `limit` of the range, returned oldest first
    };

    virtual ~StockQueries() = default;
    virtual std::vector<Stock> stocks() = 0;
    virtual std::optional<Stock> stock(const std::string& symbol) = 0;
    virtual bool knows(const std::string& symbol) = 0;
    virtual std::vector<Candle> candles(const std::string& symbol, const CandleQuery& query) = 0;
};

} // namespace kse
