#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stock_aggregator/candle.h"
#include "stock_aggregator/interval.h"
#include "stock_aggregator/session_stats.h"
#include "store/sqlite_database.h"

namespace kse {

// Read-only questions to the Stocks DB, for the HTTP API (its own connection; WAL lets it read
// while the worker writes).
class AggregateQueries {
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

    explicit AggregateQueries(const std::string& path);

    std::vector<Stock> stocks();
    std::optional<Stock> stock(const std::string& symbol);
    bool knows(const std::string& symbol);
    std::vector<Candle> candles(const std::string& symbol, const CandleQuery& query);

private:
    static Stock readStock(SqliteStatement& row);
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_stocks, m_stock, m_knows, m_candles;
};

} // namespace kse
