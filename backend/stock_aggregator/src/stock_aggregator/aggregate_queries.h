#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stocks/stock_queries.h"
#include "store/sqlite_database.h"

namespace kse {

// Read-only questions to the Stocks DB, for the HTTP API (its own connection; WAL lets it read
// while the worker writes).
class AggregateQueries : public StockQueries {
public:
    explicit AggregateQueries(const std::string& path);

    std::vector<Stock> stocks() override;
    std::optional<Stock> stock(const std::string& symbol) override;
    bool knows(const std::string& symbol) override;
    std::vector<Candle> candles(const std::string& symbol, const CandleQuery& query) override;

private:
    static Stock readStock(SqliteStatement& row);
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_stocks, m_stock, m_knows, m_candles;
};

} // namespace kse
